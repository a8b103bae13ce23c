package bascule.check;

/**
 * One finished check: its status, HAProxy's free-text {@code info} (empty when there is none, e.g. the
 * {@code strerror} text "Connection refused") and how long it took in whole milliseconds (-1 if unknown).
 */
public record CheckResult(CheckStatus status, String info, long durationMillis) {
    public static final CheckResult NONE = new CheckResult(CheckStatus.INI, "", -1);

    public CheckResult {
        info = info == null ? "" : info;
    }

    public boolean passed() {
        return status.passed();
    }
}
