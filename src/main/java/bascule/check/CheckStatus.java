package bascule.check;

/**
 * The outcome of one check, with HAProxy's short code (the stats page's {@code check_status}) and long
 * description (the {@code reason:} of state-change messages). Only the layer-4 subset exists so far.
 */
public enum CheckStatus {
    /** No check has completed yet. */
    INI("INI", "Initializing", false),
    /** The probe could not even be set up locally (no socket, no channel). */
    SOCKERR("SOCKERR", "Socket error", false),
    L4OK("L4OK", "Layer4 check passed", true),
    L4TOUT("L4TOUT", "Layer4 timeout", false),
    L4CON("L4CON", "Layer4 connection problem", false);

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
}
