package bascule.model;

/**
 * The merged {@code global} sections. {@code maxconn} and {@code nbthread} are 0 when not set
 * (the runtime then derives them from the file-descriptor limit and the core count). {@code statsSockets}
 * are the runtime API listeners; {@code statsTimeout} is the idle timeout of a session on them, in ms.
 * {@code bufsize} ({@code tune.bufsize}) bounds an HTTP head, {@code maxHeaders} ({@code tune.http.maxhdr})
 * the header fields of one message. {@code maxConnRate} and {@code maxSessRate} ({@code maxconnrate},
 * {@code maxsessrate}) cap the connections and sessions let in per second, 0 meaning no cap.
 */
public record GlobalSpec(int maxconn, int nbthread, long hardStopAfter, String pidfile, boolean daemon,
                         boolean quiet, boolean noEpoll, boolean noSplice, java.util.List<LogTarget> logs,
                         String logTag, java.util.List<StatsSocketSpec> statsSockets, long statsTimeout,
                         int bufsize, int maxHeaders, int maxConnRate, int maxSessRate) {
    /** HAProxy's default {@code stats timeout}. */
    public static final long DEFAULT_STATS_TIMEOUT = 10_000;

    public static final GlobalSpec DEFAULT = new GlobalSpec(0, 0, 0, null, false, false, false, false,
            java.util.List.of(), "haproxy", java.util.List.of(), DEFAULT_STATS_TIMEOUT, 16384, 101, 0, 0);

    public GlobalSpec {
        logs = java.util.List.copyOf(logs);
        statsSockets = java.util.List.copyOf(statsSockets);
    }
}
