package bascule.lb;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers to drive a balancer in tests. */
final class Picks {
    private Picks() {
    }

    /** Names of {@code n} successive keyless picks, "-" for none, concatenated without separator. */
    static String sequence(LoadBalancer lb, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            LbServer s = lb.pick(LbRequest.NONE, null);
            sb.append(s == null ? "-" : s.name().substring(1));
        }
        return sb.toString();
    }

    /** How many of {@code n} keyless picks went to each server, by name. */
    static Map<String, Integer> counts(LoadBalancer lb, int n) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            LbServer s = lb.pick(LbRequest.NONE, null);
            counts.merge(s == null ? "-" : s.name(), 1, Integer::sum);
        }
        return counts;
    }
}
