package bascule.proxy;

/**
 * Where process messages go (server state changes, "backend X has no server available!"). Until
 * logging to syslog exists, stderr in HAProxy's wording; the interface keeps callers unchanged later.
 */
public interface Messages {
    void alert(String message);

    void warning(String message);

    void notice(String message);

    /**
     * A warning on the console that syslog gets at notice level, not at the level its wording implies: HAProxy
     * logs a server going DOWN as an alert, unless it was already stopping (NOLB) or draining.
     */
    default void warningLoggedAsNotice(String message) {
        warning(message);
    }

    /** Writes "[LEVEL]   (pid) : message" lines to stderr, as HAProxy does in foreground mode. */
    static Messages stderr(boolean quiet) {
        long pid = ProcessHandle.current().pid();
        return new Messages() {
            @Override
            public void alert(String message) {
                System.err.println("[ALERT]    (" + pid + ") : " + message);
            }

            @Override
            public void warning(String message) {
                if (!quiet) {
                    System.err.println("[WARNING]  (" + pid + ") : " + message);
                }
            }

            @Override
            public void notice(String message) {
                if (!quiet) {
                    System.err.println("[NOTICE]   (" + pid + ") : " + message);
                }
            }
        };
    }
}
