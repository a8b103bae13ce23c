package bascule.check;

/**
 * A consistent view of one server's check, for the stats page and the runtime API: the phase and stats
 * status text ("UP 2/3"), the raw {@code health} counter, the last result, and HAProxy's {@code chkfail}
 * (failed checks counted while health was above 0) and {@code chkdown} (UP to DOWN transitions) counters.
 */
public record CheckSnapshot(CheckState.Phase phase, String statusText, int health, int rise, int fall,
                            CheckResult last, long failedChecks, long downTransitions) {

    public boolean isUp() {
        return phase == CheckState.Phase.UP || phase == CheckState.Phase.GOING_DOWN;
    }

    static CheckSnapshot of(CheckState state, CheckResult last, long failedChecks, long downTransitions) {
        return new CheckSnapshot(state.phase(), state.statusText(), state.health(), state.rise(), state.fall(), last,
                failedChecks, downTransitions);
    }
}
