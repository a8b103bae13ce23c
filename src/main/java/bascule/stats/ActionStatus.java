package bascule.stats;

/**
 * The outcome of an admin form post, carried to the page through the {@code ;st=} option of the redirect, as
 * HAProxy does so that reloading the page never posts again. Each has the message the page shows and the state
 * colour (CSS class) of its banner.
 */
enum ActionStatus {
    DONE("active_up", "Action processed successfully."),
    NONE("active_going_down", "Nothing has changed."),
    PART("active_going_down", "Action partially processed.<br>Some server names are probably unknown or "
            + "ambiguous (duplicated names in the backend)."),
    ERRP("active_down", "Action not processed because of invalid parameters.<ul><li>The action is maybe "
            + "unknown.</li><li>Invalid key parameter (empty or too long).</li><li>The backend name is probably "
            + "unknown or ambiguous (duplicated names).</li><li>Some server names are probably unknown or ambiguous "
            + "(duplicated names in the backend).</li></ul>"),
    EXCD("active_down", "<b>Action not processed : the buffer couldn't store all the data.<br>You should retry "
            + "with less servers at a time.</b>"),
    DENY("active_down", "<b>Action denied.</b>"),
    IVAL("active_down", "<b>Invalid requests (unsupported method or chunked encoded request).</b>"),
    UNKN("active_no_check", "Unexpected result.");

    private final String cssClass;
    private final String html;

    ActionStatus(String cssClass, String html) {
        this.cssClass = cssClass;
        this.html = html;
    }

    String cssClass() {
        return cssClass;
    }

    /** The banner text, already HTML. */
    String html() {
        return html;
    }

    /** The status a {@code ;st=} word names; anything else reads as {@link #UNKN}, as in HAProxy. */
    static ActionStatus parse(String code) {
        for (ActionStatus s : values()) {
            if (s.name().equals(code)) {
                return s;
            }
        }
        return UNKN;
    }
}
