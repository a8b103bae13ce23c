package bascule.check;

/**
 * The outcome of one check, with HAProxy's short code (the stats page's {@code check_status}) and long
 * description (the {@code reason:} of state-change messages), in HAProxy's order ({@code check_statuses[]}
 * in {@code src/check.c}). Statuses from {@link #L7OK} on carry the protocol's response code, which
 * messages show as {@code code: N}.
 */
public enum CheckStatus {
    /** No check has completed yet. */
    INI("INI", "Initializing", false),
    /** A check that ran but had nothing to say about health (an agent reply without a health word). */
    CHECKED("CHECKED", "No status change", false),
    /** The probe could not be set up locally, or the connection failed after it was established. */
    SOCKERR("SOCKERR", "Socket error", false),
    L4OK("L4OK", "Layer4 check passed", true),
    L4TOUT("L4TOUT", "Layer4 timeout", false),
    L4CON("L4CON", "Layer4 connection problem", false),
    L6OK("L6OK", "Layer6 check passed", true),
    L6TOUT("L6TOUT", "Layer6 timeout", false),
    L6RSP("L6RSP", "Layer6 invalid response", false),
    L7TOUT("L7TOUT", "Layer7 timeout", false),
    L7RSP("L7RSP", "Layer7 invalid response", false),
    L7OK("L7OK", "Layer7 check passed", true),
    L7OKC("L7OKC", "Layer7 check conditionally passed", true),
    L7STS("L7STS", "Layer7 wrong status", false);

    private final String code;
    private final String description;
    private final boolean passed;

    CheckStatus(String code, String description, boolean passed) {
        this.code = code;
        this.description = description;
        this.passed = passed;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public boolean passed() {
        return passed;
    }

    /** True for the layer-7 results that carry a response code (HAProxy: at or above {@code L57DATA}). */
    public boolean showsCode() {
        return ordinal() >= L7OK.ordinal();
    }

    /** The status with HAProxy's short code ("L7RSP"), as {@code ok-status} and friends name them. */
    public static CheckStatus byCode(String code) {
        for (CheckStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown check status " + code);
    }
}
