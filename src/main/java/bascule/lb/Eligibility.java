package bascule.lb;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules every algorithm shares, from HAProxy's {@code balance}, {@code backup} and
 * {@code option allbackups}: which servers may be chosen at all, and when backups take over.
 */
final class Eligibility {
    private Eligibility() {
    }

    /** A server takes new traffic when it is usable and its weight is above zero. */
    static boolean takesTraffic(LbServer server) {
        return server.isUsable() && server.weight() > 0;
    }

    /** A server is full when it has a {@code maxconn} and that many connections already. */
    static boolean isFull(LbServer server) {
        int max = server.maxConnections();
        return max > 0 && server.currentConnections() >= max;
    }

    /**
     * The servers an algorithm balances over right now: every active server that takes traffic; when
     * there is none, every backup that takes traffic if {@code allBackups}, else only the first one in
     * declaration order. Keeps declaration order; empty when nothing can take traffic.
     */
    static List<LbServer> tier(List<? extends LbServer> servers, boolean allBackups) {
        List<LbServer> active = new ArrayList<>();
        List<LbServer> backups = new ArrayList<>();
        for (LbServer s : servers) {
            if (!takesTraffic(s)) {
                continue;
            }
            if (s.isBackup()) {
                backups.add(s);
            } else {
                active.add(s);
            }
        }
        if (!active.isEmpty()) {
            return List.copyOf(active);
        }
        if (backups.isEmpty() || allBackups) {
            return List.copyOf(backups);
        }
        return List.of(backups.getFirst());
    }

    /** Greatest common divisor of the positive weights, 1 when there is none. */
    static int weightGcd(List<? extends LbServer> servers) {
        int gcd = 0;
        for (LbServer s : servers) {
            int w = Math.max(0, s.weight());
            while (w != 0) {
                int t = gcd % w;
                gcd = w;
                w = t;
            }
        }
        return gcd == 0 ? 1 : gcd;
    }

    /** Same servers in the same order, by identity (server objects need not define equals). */
    static boolean sameServers(List<LbServer> a, List<LbServer> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
