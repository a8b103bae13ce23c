package bascule.lb;

import bascule.model.HashType;
import java.util.Arrays;
import java.util.List;

/**
 * {@code balance source}: the client address decides the server, so a client keeps reaching the same
 * server while the set of servers does not change.
 *
 * <p>As in HAProxy, the address is folded into 32 bits ({@link Hashes#foldAddress}) and only the
 * {@code avalanche} modifier of {@code hash-type} applies to it; the hash function itself is for
 * algorithms hashing strings. Map-based (the default) indexes a weight-expanded {@link ServerMap} with
 * {@code hash % total weight}: cheap and exact, but any change of servers reshuffles most clients.
 * Consistent uses a {@link ConsistentHashRing}, which moves only the clients of the server that changed.
 *
 * <p>A full server is still returned, so that the stream waits for its own server rather than losing
 * stickiness; the server to avoid is skipped for the next one along. A stream without an address (a UNIX
 * socket client) falls back to round-robin over the same table or ring.
 */
final class SourceHash extends GuardedBalancer {
    private final List<? extends LbServer> servers;
    private final boolean allBackups;
    private final HashType hashType;
    private final int divisor;
    private List<LbServer> tier = List.of();
    private int[] weights = new int[0];
    private ServerMap map = ServerMap.EMPTY;
    private ConsistentHashRing ring = ConsistentHashRing.EMPTY;
    private int mapNext;
    private long ringCursor = Long.MIN_VALUE;

    SourceHash(List<? extends LbServer> servers, boolean allBackups, HashType hashType) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        this.hashType = hashType;
        this.divisor = Eligibility.weightGcd(servers);
        refresh();
    }

    @Override
    LbServer choose(LbRequest request, LbServer avoid) {
        byte[] source = request.source();
        if (source == null) {
            return roundRobin(avoid);
        }
        int hash = Hashes.foldAddress(source);
        if (hashType.avalanche()) {
            hash = Hashes.avalanche(hash);
        }
        return hashType.consistent() ? ring.lookup(hash, avoid) : map.forHash(hash, avoid);
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
