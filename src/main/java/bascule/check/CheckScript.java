package bascule.check;

import java.util.List;

/**
 * A compiled health check for one server: its steps in order, and which family of check it is, since
 * HAProxy words results differently for each. A plain {@code check} is a script too: a single connect.
 */
record CheckScript(Flavor flavor, List<ScriptStep> steps) {

    enum Flavor {
        /** {@code check} alone: "Connection refused", "Layer4 check passed". */
        PLAIN,
        /** {@code option tcp-check}: failures name their step ("... at step 2 of tcp-check (expect ...)"). */
        TCP_CHECK,
        /** {@code option httpchk}: results name the HTTP status. */
        HTTP,
        /** mysql, pgsql, redis and smtp checks: results carry the protocol's own texts. */
        PROTOCOL
    }

    CheckScript {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(0) instanceof ScriptStep.Connect)) {
            throw new IllegalArgumentException("a check script starts with a connect");
        }
    }

    /**
     * Where to evaluate again from when the expect at {@code index} waits for more data: the first negated
     * expect of the run of expects it belongs to, else itself (HAProxy's {@code expect.head}).
     */
    int head(int index) {
        int head = index;
        for (int i = index - 1; i >= 0 && steps.get(i) instanceof ExpectStep e; i--) {
            if (e.inverse()) {
                head = i;
            }
        }
        return head;
    }
}
