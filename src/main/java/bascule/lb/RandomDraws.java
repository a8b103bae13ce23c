package bascule.lb;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code balance random(n)}: the power of n choices. Draws {@code n} servers at random, each with a
 * probability proportional to its weight, and keeps the one with the fewest connections relative to its
 * weight (on a tie the later draw wins, as in HAProxy). With n = 2 this avoids both the herd effect of
 * pure least-connections across many balancers and the load spikes of pure random.
 *
 * <p>Full servers and the server to avoid are left out of the draws while anything else remains, so
 * null means no server can take the stream.
 */
final class RandomDraws extends GuardedBalancer {
    private final List<? extends LbServer> servers;
    private final boolean allBackups;
    private final int draws;
    private final RandomGenerator random;
    private List<LbServer> tier = List.of();

    RandomDraws(List<? extends LbServer> servers, boolean allBackups, int draws, RandomGenerator random) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        this.draws = Math.max(1, draws);
        this.random = random;
        refresh();
    }

    @Override
    LbServer choose(LbRequest request, LbServer avoid) {
        int n = tier.size();
        long[] cumulative = new long[n];
        long total = 0;
        for (int pass = 0; pass < 2 && total == 0; pass++) {
            // First pass leaves out the server to avoid; the second admits it when it is all there is.
            for (int i = 0; i < n; i++) {
                LbServer s = tier.get(i);
                boolean candidate = Eligibility.takesTraffic(s) && !Eligibility.isFull(s)
                        && (pass == 1 || s != avoid);
                total += candidate ? s.weight() : 0;
                cumulative[i] = total;
            }
        }
        if (total == 0) {
            return null;
        }
        LbServer best = null;
        for (int d = 0; d < draws; d++) {
            long ticket = random.nextLong(total);
            LbServer drawn = tier.get(firstAbove(cumulative, ticket));
            if (best == null || drawn == best || !lessLoaded(best, drawn)) {
                best = drawn;
            }
        }
        return best;
    }

    /** True when {@code a} carries strictly less load per unit of weight than {@code b}. */
    private static boolean lessLoaded(LbServer a, LbServer b) {
        return (long) a.currentConnections() * b.weight() < (long) b.currentConnections() * a.weight();
    }

    private static int firstAbove(long[] cumulative, long ticket) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > ticket) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    @Override
    boolean refresh() {
        List<LbServer> now = Eligibility.tier(servers, allBackups);
        if (Eligibility.sameServers(now, tier)) {
            return false;
        }
        tier = now;
        return true;
    }
}
