package bascule.check;

/**
 * One finished check: its status, HAProxy's free-text {@code info} (empty when there is none, e.g. the
 * {@code strerror} text "Connection refused"), how long it took in whole milliseconds (-1 if unknown), and
 * the protocol's response {@code code} (an HTTP status, an SMTP reply code, a MySQL error number; 0 when
 * there is none), shown for the statuses where {@link CheckStatus#showsCode()}.
 */
public record CheckResult(CheckStatus status, String info, long durationMillis, int code) {
    public static final CheckResult NONE = new CheckResult(CheckStatus.INI, "", -1);

    public CheckResult {
        info = info == null ? "" : info;
    }

    public CheckResult(CheckStatus status, String info, long durationMillis) {
        this(status, info, durationMillis, 0);
    }

    public boolean passed() {
        return status.passed();
    }
}
