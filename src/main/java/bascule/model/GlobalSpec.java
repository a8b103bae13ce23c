package bascule.model;

/**
 * The merged {@code global} sections. {@code maxconn} and {@code nbthread} are 0 when not set
 * (the runtime then derives them from the file-descriptor limit and the core count).
 */
public record GlobalSpec(int maxconn, int nbthread, long hardStopAfter, String pidfile, boolean daemon,
                         boolean quiet, boolean noEpoll, boolean noSplice, java.util.List<LogTarget> logs,
                         String logTag) {
    public static final GlobalSpec DEFAULT = new GlobalSpec(0, 0, 0, null, false, false, false, false,
            java.util.List.of(), "haproxy");

    public GlobalSpec {
        logs = java.util.List.copyOf(logs);
    }
}
