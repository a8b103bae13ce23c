package bascule.lb;

import java.util.List;

/**
 * {@code balance leastconn}: the server with the fewest current connections relative to its weight.
 * Like HAProxy, the load is compared as {@code connections × 256 / weight} in whole numbers, so servers
 * whose loads round to the same value tie; ties go round-robin, starting after the last server chosen,
 * which mirrors HAProxy moving a server behind its equals each time its connection count changes.
 * Full servers are skipped; the server to avoid is used only when it is the only one left.
 */
final class LeastConn extends GuardedBalancer {
    private final List<? extends LbServer> servers;
    private final boolean allBackups;
    private List<LbServer> tier = List.of();
    private int last = -1;

    LeastConn(List<? extends LbServer> servers, boolean allBackups) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        refresh();
    }

    @Override
    LbServer choose(LbRequest request, LbServer avoid) {
        int n = tier.size();
        int best = -1;
        long bestLoad = Long.MAX_VALUE;
        int avoided = -1;
        for (int k = 1; k <= n; k++) {
            int i = (last + k) % n;
            LbServer s = tier.get(i);
            if (!Eligibility.takesTraffic(s) || Eligibility.isFull(s)) {
                continue;
            }
            if (s == avoid) {
                avoided = i;
                continue;
            }
            long load = load(s);
            if (load < bestLoad) {
                bestLoad = load;
                best = i;
            }
        }
        if (best < 0) {
            best = avoided;
        }
        if (best < 0) {
            return null;
        }
        last = best;
        return tier.get(best);
    }

    private static long load(LbServer s) {
        return (long) Math.max(0, s.currentConnections()) * 256 / s.weight();
    }

    @Override
    boolean refresh() {
        List<LbServer> now = Eligibility.tier(servers, allBackups);
        if (Eligibility.sameServers(now, tier)) {
            return false;
        }
        LbServer previous = last >= 0 && last < tier.size() ? tier.get(last) : null;
        tier = now;
        // Keep the rotation where it was; a newcomer set starts from its first server.
        last = now.size() - 1;
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i) == previous) {
                last = i;
            }
        }
        return true;
    }
}
