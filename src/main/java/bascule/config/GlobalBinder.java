package bascule.config;

import java.util.List;
import java.util.Map;

/** Binds {@code global} lines. Several global sections merge in order: a later value replaces an earlier one. */
final class GlobalBinder {
    static final List<String> KEYWORDS = List.of("maxconn", "tune.bufsize", "tune.http.maxhdr", "nbthread", "hard-stop-after", "pidfile", "daemon",
            "quiet", "noepoll", "nosplice", "log", "log-tag", "stats", "maxconnrate", "maxsessrate");

    /** Keywords that mean nothing on the JVM, with the reason given in the warning. */
    private static final Map<String, String> IGNORED = Map.ofEntries(
            Map.entry("chroot", "the JVM cannot chroot itself; use systemd's RootDirectory= or a container"),
            Map.entry("user", "the JVM cannot drop privileges after start; run Bascule as that user "
                    + "(e.g. systemd User=)"),
            Map.entry("group", "the JVM cannot drop privileges after start; run Bascule with that group "
                    + "(e.g. systemd Group=)"),
            Map.entry("uid", "the JVM cannot drop privileges after start; run Bascule as that user"),
            Map.entry("gid", "the JVM cannot drop privileges after start; run Bascule with that group"),
            Map.entry("tune.ssl.default-dh-param", "Bascule's TLS uses ECDHE and TLS 1.3 groups; no DH size applies"),
            Map.entry("ulimit-n", "the JVM cannot raise its own file limit; set LimitNOFILE= or ulimit -n"),
            Map.entry("nbproc", "Bascule always runs one process with several threads (see 'nbthread')"),
            Map.entry("cpu-map", "thread pinning is left to the OS scheduler on the JVM"),
            Map.entry("master-worker", "Bascule runs as a single process; reloads are hitless without a master"),
            Map.entry("busy-polling", "busy polling is not used on the JVM"),
            Map.entry("tune.ssl.cachesize", "the TLS session cache is sized by the TLS library"),
            Map.entry("tune.maxaccept", "accept batching is decided by Netty"),
            Map.entry("tune.pipesize", "pipe size for splice is decided by Netty"));

    private GlobalBinder() {
    }

    static void bind(ConfigLine line, GlobalBuilder g, List<String> warnings) throws ConfigException {
        String k = line.keyword();
        switch (k) {
            case "tune.bufsize" -> {
                g.bufsize = Words.integer(line, 1, "tune.bufsize", 1024, 1 << 24);
                Words.noMoreThan(line, 2);
            }
            case "tune.http.maxhdr" -> {
                g.maxHeaders = Words.integer(line, 1, "tune.http.maxhdr", 1, 32767);
                Words.noMoreThan(line, 2);
            }
            case "maxconn" -> {
                g.maxconn = Words.integer(line, 1, "maxconn", 1, Integer.MAX_VALUE);
                Words.noMoreThan(line, 2);
            }
            case "maxconnrate" -> {
                g.maxConnRate = Words.integer(line, 1, "maxconnrate", 0, Integer.MAX_VALUE);
                Words.noMoreThan(line, 2);
            }
            case "maxsessrate" -> {
                g.maxSessRate = Words.integer(line, 1, "maxsessrate", 0, Integer.MAX_VALUE);
                Words.noMoreThan(line, 2);
            }
            case "nbthread" -> {
                g.nbthread = Words.integer(line, 1, "nbthread", 1, 4096);
                Words.noMoreThan(line, 2);
            }
            case "hard-stop-after" -> {
                g.hardStopAfter = Words.time(line, 1, "hard-stop-after");
                Words.noMoreThan(line, 2);
            }
            case "pidfile" -> {
                g.pidfile = Words.required(line, 1, "a file path");
                Words.noMoreThan(line, 2);
            }
            case "daemon" -> {
                Words.noMoreThan(line, 1);
                g.daemon = true;
            }
            case "quiet" -> {
                Words.noMoreThan(line, 1);
                g.quiet = true;
            }
            case "noepoll" -> {
                Words.noMoreThan(line, 1);
                g.noEpoll = true;
            }
            case "nosplice" -> {
                Words.noMoreThan(line, 1);
                g.noSplice = true;
            }
            case "log" -> g.logs.add(LogBinder.target(line));
            case "log-tag" -> {
                g.logTag = Words.required(line, 1, "a tag");
                Words.noMoreThan(line, 2);
            }
            case "stats" -> StatsSocketBinder.bind(line, g);
            default -> {
                String why = IGNORED.get(k);
                if (why != null) {
                    warnings.add(line.position() + ": '" + k + "' ignored: " + why);
                    return;
                }
                if (LaterFeatures.isKnownGlobalKeyword(k)) {
                    throw new ConfigException(line.position(), LaterFeatures.globalKeyword(k));
                }
                throw new ConfigException(line.position(), "unknown keyword '" + k + "' in section 'global'"
                        + Words.didYouMean(k, KEYWORDS.stream().toList()));
            }
        }
    }

    /** Mutable global settings while binding. */
    static final class GlobalBuilder {
        int maxconn;
        int nbthread;
        long hardStopAfter;
        String pidfile;
        boolean daemon;
        boolean quiet;
        boolean noEpoll;
        boolean noSplice;
        final java.util.List<bascule.model.LogTarget> logs = new java.util.ArrayList<>();
        String logTag = "haproxy";
        final java.util.List<bascule.model.StatsSocketSpec> statsSockets = new java.util.ArrayList<>();
        long statsTimeout = bascule.model.GlobalSpec.DEFAULT_STATS_TIMEOUT;
        int bufsize = 16384;
        int maxHeaders = 101;
        int maxConnRate;
        int maxSessRate;
    }
}
