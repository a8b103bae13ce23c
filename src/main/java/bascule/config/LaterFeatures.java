package bascule.config;

import java.util.HashMap;
import java.util.Map;

/**
 * HAProxy keywords that Bascule knows but does not implement yet, each with the feature that will
 * bring it. Such a keyword is an error naming that feature, never silently accepted.
 */
final class LaterFeatures {
    static final String HTTP = "HTTP mode (L7)";
    static final String CHECKS = "advanced health checks";
    static final String OBSERVABILITY = "logging, stats and the runtime API";
    static final String TLS = "TLS termination";
    static final String STICK = "stick tables";
    static final String PROXY_PROTOCOL = "PROXY protocol";
    static final String PEERS = "peers and HA pairing";

    private static final Map<String, String> PROXY_KEYWORDS = new HashMap<>();
    private static final Map<String, String> OPTIONS = new HashMap<>();
    private static final Map<String, String> GLOBAL_KEYWORDS = new HashMap<>();
    private static final Map<String, String> SERVER_OPTIONS = new HashMap<>();
    private static final Map<String, String> BIND_OPTIONS = new HashMap<>();
    private static final Map<String, String> SECTIONS = new HashMap<>();

    static {
        for (String k : new String[] {"monitor", "compression",
                "http-error", "filter", "tcp-request", "tcp-response", "http-send-name-header",
                "max-keep-alive-queue", "force-persist", "ignore-persist", "persist", "email-alert",
                "description", "dynamic-cookie-key", "server-template", "fullconn", "rate-limit",
                "source", "bind-process", "id", "disabled", "enabled", "grace", "guid", "load-server-state-from-file",
                "server-state-file-name", "external-check", "spoe", "use-fcgi-app"}) {
            PROXY_KEYWORDS.put(k, k.startsWith("http-") || k.equals("acl") || k.equals("redirect")
                    || k.startsWith("error") || k.equals("cookie") || k.startsWith("monitor")
                    || k.startsWith("unique-id") || k.equals("use-server") || k.equals("compression")
                    || k.equals("capture") || k.equals("filter") || k.equals("tcp-request")
                    || k.equals("tcp-response") ? HTTP : null);
        }
        PROXY_KEYWORDS.put("external-check", CHECKS);
        PROXY_KEYWORDS.put("email-alert", OBSERVABILITY);
        PROXY_KEYWORDS.put("stick-table", STICK);
        PROXY_KEYWORDS.put("stick", STICK);
        PROXY_KEYWORDS.put("peers", PEERS);

        for (String o : new String[] {"http-use-htx",
                "http-ignore-probes", "http-no-delay", "http-restrict-req-hdr-names", "http-use-proxy-header",
                "accept-invalid-http-request", "accept-invalid-http-response", "h1-case-adjust-bogus-client",
                "h1-case-adjust-bogus-server", "checkcache", "forceclose", "http_proxy", "http-drop-request-trailers",
                "http-drop-response-trailers", "abortonclose", "persist", "prefer-last-server"}) {
            OPTIONS.put(o, HTTP);
        }
        for (String o : new String[] {"ldap-check", "ssl-hello-chk", "spop-check", "external-check"}) {
            OPTIONS.put(o, CHECKS);
        }
        for (String o : new String[] {"socket-stats", "contstats"}) {
            OPTIONS.put(o, OBSERVABILITY);
        }
        for (String o : new String[] {"splice-auto", "splice-request", "splice-response", "nolinger",
                "independent-streams", "transparent", "tcp-smart-accept", "tcp-smart-connect", "spop-check",
                "disable-h2-upgrade", "idle-close-on-response"}) {
            OPTIONS.putIfAbsent(o, null);
        }

        for (String g : new String[] {"log", "log-tag", "log-send-hostname", "stats", "node", "description",
                "localpeer", "setenv", "presetenv", "resetenv", "unsetenv", "lua-load", "expose-experimental-directives",
                "insecure-fork-wanted", "server-state-file", "server-state-base", "master-worker", "mworker-max-reloads",
                "ssl-default-bind-ciphers", "ssl-default-bind-ciphersuites", "ssl-default-bind-options",
                "ssl-default-server-ciphers", "ssl-default-server-ciphersuites", "ssl-default-server-options",
                "ca-base", "crt-base", "ssl-server-verify", "ssl-dh-param-file", "maxsslconn", "maxsslrate",
                "maxcomprate", "maxpipes", "spread-checks", "max-spread-checks",
                "ulimit-n", "hard-stop-after", "grace", "tune.maxrewrite"}) {
            GLOBAL_KEYWORDS.put(g, g.startsWith("ssl") || g.endsWith("-base") || g.startsWith("maxssl") ? TLS
                    : g.startsWith("log") || g.equals("stats") || g.equals("node") || g.equals("description")
                    ? OBSERVABILITY : g.startsWith("tune.") ? HTTP : g.contains("check") ? CHECKS : null);
        }
        GLOBAL_KEYWORDS.put("localpeer", PEERS);

        for (String s : new String[] {"redir", "check-ssl", "ssl", "verify", "ca-file", "crt", "sni",
                "alpn", "npn", "ciphers", "ciphersuites", "ssl-min-ver", "ssl-max-ver", "no-sslv3", "no-tlsv10",
                "no-tlsv11", "no-tlsv12", "no-tlsv13", "force-tlsv12", "check-sni", "check-alpn", "verifyhost",
                "send-proxy", "send-proxy-v2", "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "proxy-v2-options",
                "check-send-proxy", "agent-check", "agent-port", "agent-inter", "agent-addr", "agent-send",
                "slowstart", "track", "on-error", "on-marked-down", "on-marked-up", "error-limit", "observe",
                "addr", "port", "resolvers", "resolve-prefer", "resolve-net", "init-addr", "source", "usesrc",
                "minconn", "maxqueue", "max-reuse", "pool-max-conn", "pool-low-conn", "pool-purge-delay",
                "proto", "tfo", "namespace", "non-stick", "shard", "ws", "check-proto", "check-via-socks4",
                "socks4", "tcp-ut", "nbconn", "redir", "log-proto", "set-proxy-v2-tlv-fmt", "guid", "hash-key"}) {
            SERVER_OPTIONS.put(s, s.contains("ssl") || s.equals("verify") || s.equals("ca-file") || s.equals("crt")
                    || s.equals("sni") || s.equals("alpn") || s.equals("npn") || s.startsWith("cipher")
                    || s.startsWith("no-tls") || s.startsWith("force-tls") || s.equals("verifyhost")
                    || s.equals("check-sni") || s.equals("check-alpn") ? TLS
                    : s.contains("proxy") ? PROXY_PROTOCOL
                    : s.startsWith("agent") || s.equals("slowstart") || s.equals("track") || s.startsWith("on-")
                    || s.equals("error-limit") || s.equals("observe") || s.equals("addr") || s.equals("port")
                    ? CHECKS : s.equals("cookie") || s.equals("redir") ? HTTP : null);
        }

        for (String b : new String[] {"ssl", "crt", "crt-list", "ca-file", "verify", "alpn", "npn", "ciphers",
                "ciphersuites", "ssl-min-ver", "ssl-max-ver", "no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12",
                "no-tlsv13", "force-tlsv12", "force-tlsv13", "strict-sni", "crl-file", "ecdhe", "curves",
                "sigalgs", "client-sigalgs", "no-tls-tickets", "prefer-client-ciphers", "allow-0rtt",
                "generate-certificates", "ca-sign-file", "ssl-max-record"}) {
            BIND_OPTIONS.put(b, TLS);
        }
        BIND_OPTIONS.put("accept-proxy", PROXY_PROTOCOL);
        BIND_OPTIONS.put("accept-netscaler-cip", PROXY_PROTOCOL);
        for (String b : new String[] {"process", "thread", "shards", "transparent", "tfo", "defer-accept",
                "mss", "namespace", "nice", "uid", "gid", "user", "group", "mode", "level", "severity-output",
                "expose-fd", "id", "tcp-ut", "backlog", "proto", "quic-cc-algo", "quic-force-retry", "guid-prefix",
                "idle-ping", "label"}) {
            BIND_OPTIONS.put(b, null);
        }

        SECTIONS.put("cache", HTTP);
        SECTIONS.put("peers", PEERS);
        SECTIONS.put("ring", OBSERVABILITY);
        SECTIONS.put("log-forward", OBSERVABILITY);
        SECTIONS.put("mailers", OBSERVABILITY);
        SECTIONS.put("resolvers", null);
        SECTIONS.put("program", null);
        SECTIONS.put("fcgi-app", HTTP);
        SECTIONS.put("crt-store", TLS);
        SECTIONS.put("traces", OBSERVABILITY);
    }

    private LaterFeatures() {
    }

    static boolean isKnownProxyKeyword(String k) {
        return PROXY_KEYWORDS.containsKey(k);
    }

    static String proxyKeyword(String k) {
        return message(k, PROXY_KEYWORDS.get(k));
    }

    static boolean isKnownOption(String o) {
        return OPTIONS.containsKey(o);
    }

    static String option(String o) {
        return message("option " + o, OPTIONS.get(o));
    }

    static boolean isKnownGlobalKeyword(String k) {
        return GLOBAL_KEYWORDS.containsKey(k) || k.startsWith("tune.") || k.startsWith("ssl-");
    }

    static String globalKeyword(String k) {
        return message(k, GLOBAL_KEYWORDS.get(k));
    }

    static boolean isKnownServerOption(String k) {
        return SERVER_OPTIONS.containsKey(k);
    }

    static String serverOption(String k) {
        return message("server option '" + k + "'", SERVER_OPTIONS.get(k));
    }

    static boolean isKnownBindOption(String k) {
        return BIND_OPTIONS.containsKey(k);
    }

    static String bindOption(String k) {
        return message("bind option '" + k + "'", BIND_OPTIONS.get(k));
    }

    static boolean isKnownSection(String s) {
        return SECTIONS.containsKey(s);
    }

    static String section(String s) {
        return message("section '" + s + "'", SECTIONS.get(s));
    }

    private static String message(String what, String feature) {
        String w = what.startsWith("'") || what.contains("'") ? what : "'" + what + "'";
        return feature == null
                ? w + " is a valid HAProxy keyword but is not supported by Bascule yet (see docs/compatibility.md)"
                : w + " is not supported yet: it arrives with " + feature + " (see docs/compatibility.md)";
    }
}
