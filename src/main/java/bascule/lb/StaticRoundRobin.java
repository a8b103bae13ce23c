package bascule.lb;

import java.util.Arrays;
import java.util.List;

/**
 * {@code balance static-rr}: walks a weight-expanded {@link ServerMap} in a circle. Weights are read when
 * the view is refreshed, never adjusted progressively, and a change rebuilds the whole table (HAProxy
 * only accepts 0% and 100% at run time for this algorithm). Has no limit on the number of servers.
 *
 * <p>The walk starts at the first slot, skips full servers and the one to avoid (which is still returned
 * when it is the only choice), and resumes after the slot it returned; the sequence equals HAProxy's.
 */
final class StaticRoundRobin extends GuardedBalancer {
    private final List<? extends LbServer> servers;
    private final boolean allBackups;
    private final int divisor;
    private List<LbServer> tier = List.of();
    private int[] weights = new int[0];
    private ServerMap map = ServerMap.EMPTY;
    private int next;

    StaticRoundRobin(List<? extends LbServer> servers, boolean allBackups) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        this.divisor = Eligibility.weightGcd(servers);
        refresh();
    }

    @Override
    LbServer choose(LbRequest request, LbServer avoid) {
        int index = map.walk(next, avoid);
        if (index < 0) {
            return null;
        }
        next = index + 1;
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
        map = ServerMap.build(now, divisor);
        return true;
    }
}
