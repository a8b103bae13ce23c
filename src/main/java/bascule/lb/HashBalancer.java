package bascule.lb;

import bascule.model.HashType;
import java.util.Arrays;
import java.util.List;

/**
 * The hashing algorithms ({@code balance source}, {@code uri}, {@code url_param}, {@code hdr},
 * {@code hash}): a key taken from the stream decides the server, so the same key keeps reaching the same
 * server while the set of servers does not change. What the key is and how it becomes 32 bits is the
 * {@link RequestHasher}'s business; this class maps the hash to a server.
 *
 * <p>Map-based (the default) indexes a weight-expanded {@link ServerMap} with {@code hash % total weight}:
 * cheap and exact, but any change of servers reshuffles most keys. Consistent uses a
 * {@link ConsistentHashRing}, which moves only the keys of the server that changed.
 *
 * <p>A full server is still returned, so that the stream waits for its own server rather than losing
 * stickiness; the server to avoid is skipped for the next one along. A stream without a key (a UNIX
 * socket client, a request lacking the parameter or header) falls back to round-robin over the same
 * table or ring, as HAProxy does.
 */
final class HashBalancer extends GuardedBalancer {
    private final List<? extends LbServer> servers;
    private final boolean allBackups;
    private final HashType hashType;
    private final RequestHasher hasher;
    private final int divisor;
    private List<LbServer> tier = List.of();
    private int[] weights = new int[0];
    private ServerMap map = ServerMap.EMPTY;
    private ConsistentHashRing ring = ConsistentHashRing.EMPTY;
    private int mapNext;
    private long ringCursor = Long.MIN_VALUE;

    HashBalancer(List<? extends LbServer> servers, boolean allBackups, HashType hashType, RequestHasher hasher) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        this.hashType = hashType;
        this.hasher = hasher;
        this.divisor = Eligibility.weightGcd(servers);
        refresh();
    }

    @Override
    LbServer choose(LbRequest request, LbServer avoid) {
        long hash = hasher.hash(request);
        if (hash == RequestHasher.NO_KEY) {
            return roundRobin(avoid);
        }
        return hashType.consistent() ? ring.lookup((int) hash, avoid) : map.forHash((int) hash, avoid);
    }

    private LbServer roundRobin(LbServer avoid) {
        if (hashType.consistent()) {
            int index = ring.walk(ringCursor, avoid);
            if (index < 0) {
                return null;
            }
            ringCursor = ring.pointAt(index);
            return ring.ownerAt(index);
        }
        int index = map.walk(mapNext, avoid);
        if (index < 0) {
            return null;
        }
        mapNext = index + 1;
        return map.at(index);
    }

    @Override
    boolean refresh() {
        List<LbServer> now = Eligibility.tier(servers, allBackups);
        int[] nowWeights = now.stream().mapToInt(LbServer::weight).toArray();
        if (Eligibility.sameServers(now, tier) && Arrays.equals(nowWeights, weights)) {
            return false;
        }
        tier = now;
        weights = nowWeights;
        if (hashType.consistent()) {
            ring = ConsistentHashRing.of(now);
        } else {
            map = ServerMap.build(now, divisor);
        }
        return true;
    }
}
