package bascule.config;

import bascule.model.Address;
import bascule.model.HashFunction;
import bascule.model.HashType;
import bascule.model.Mode;
import bascule.model.UseBackendRule;
import java.util.List;

/**
 * Binds the lines of {@code defaults}, {@code frontend}, {@code backend} and {@code listen} sections onto a
 * {@link ProxyBuilder}. Each keyword says in which sections it may appear, with HAProxy's letters:
 * d(efaults), f(rontend), l(isten), b(ackend).
 */
final class ProxyBinder {
    static final List<String> KEYWORDS = List.of("mode", "bind", "default_backend", "use_backend", "acl", "server",
            "default-server", "balance", "hash-type", "timeout", "retries", "option", "no", "maxconn", "tcp-check",
            "http-check", "errorfile", "errorfiles", "errorloc", "errorloc302", "errorloc303", "http-request",
            "http-response", "http-after-response", "redirect", "stats");
    static final List<String> TIMEOUTS = List.of("connect", "client", "server", "tunnel", "client-fin",
            "server-fin", "queue", "check", "http-request", "http-keep-alive", "tarpit");
    static final List<String> OPTIONS = List.of("redispatch", "allbackups", "tcpka", "clitcpka", "srvtcpka",
            "splice-auto", "splice-request", "splice-response", "httpchk", "tcp-check", "mysql-check", "pgsql-check",
            "redis-check", "smtpchk", "log-health-checks");

    private ProxyBinder() {
    }

    static void bind(ConfigLine line, ProxyBuilder p, boolean isDefaults) throws ConfigException {
        String k = line.keyword();
        switch (k) {
            case "mode" -> {
                allowed(line, p, isDefaults, "dflb");
                String m = Words.required(line, 1, "'tcp' or 'http'");
                Words.noMoreThan(line, 2);
                switch (m) {
                    case "tcp" -> p.mode = Mode.TCP;
                    case "http" -> p.mode = Mode.HTTP;
                    case "health" -> throw new ConfigException(line.position(),
                            "'mode health' was removed from HAProxy in 2.4; use 'monitor-uri' or a TCP listener");
                    default -> throw new ConfigException(line.position(), "'mode' expects 'tcp' or 'http' but got '"
                            + m + "'" + Words.didYouMean(m, List.of("tcp", "http")));
                }
            }
            case "bind" -> {
                allowed(line, p, isDefaults, "fl");
                p.binds.add(BindBinder.bind(line));
            }
            case "default_backend" -> {
                allowed(line, p, isDefaults, "dfl");
                p.defaultBackend = Words.required(line, 1, "a backend name");
                p.defaultBackendPosition = line.position();
                Words.noMoreThan(line, 2);
            }
            case "use_backend" -> {
                allowed(line, p, isDefaults, "fl");
                String target = Words.required(line, 1, "a backend name");
                if (line.size() > 2 && !line.word(2).equals("if") && !line.word(2).equals("unless")) {
                    throw new ConfigException(line.position(), "'use_backend " + target + "' expects 'if' or "
                            + "'unless' followed by a condition, but got '" + line.word(2) + "'");
                }
                bascule.sample.Format dynamic = null;
                if (target.contains("%[")) {
                    try {
                        dynamic = p.compiler.format(target);
                    } catch (bascule.sample.SampleException e) {
                        throw new ConfigException(line.position(), "'use_backend': " + e.getMessage());
                    }
                }
                p.useBackends.add(new UseBackendRule(dynamic == null ? target : null, dynamic,
                        p.condition(line, 2), line.position()));
            }
            case "acl" -> {
                allowed(line, p, isDefaults, "flb");
                String name = Words.required(line, 1, "an ACL name followed by a fetch and patterns");
                if (!name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.'
                        || c == ':')) {
                    throw new ConfigException(line.position(), "ACL name '" + name + "' may only hold letters, "
                            + "digits, '-', '_', '.' and ':'");
                }
                Words.required(line, 2, "a fetch after the ACL name, e.g. 'acl " + name + " path_beg /api/'");
                try {
                    p.acls.computeIfAbsent(name, n -> new java.util.ArrayList<>())
                            .add(p.compiler.acl(line.words().subList(2, line.size())));
                } catch (bascule.sample.SampleException e) {
                    throw new ConfigException(line.position(), "acl '" + name + "': " + e.getMessage());
                }
            }
            case "server" -> {
                allowed(line, p, isDefaults, "lb");
                String name = Words.required(line, 1, "a server name and an address");
                String addr = Words.required(line, 2, "an address after the server name, e.g. 10.0.0.1:80");
                Address a = AddressParser.parse(addr, line.position(), false);
                if (a.family() == Address.Family.UNIX || a.family() == Address.Family.FD) {
                    throw new ConfigException(line.position(), "server address '" + addr
                            + "': only IPv4/IPv6 addresses and host names are supported for servers yet");
                }
                if (a.portLow() != a.portHigh()) {
                    throw new ConfigException(line.position(), "server address '" + addr
                            + "' cannot have a port range");
                }
                if (a.anyHost()) {
                    throw new ConfigException(line.position(), "server address '" + addr
                            + "' needs a host (an IP address or a name)");
                }
                ServerOptions o = p.serverDefaults.copy();
                ServerBinder.apply(line, 3, o, false);
                p.servers.add(new ProxyBuilder.PendingServer(name, a.host(), a.port(), o, line.position()));
            }
            case "default-server" -> {
                allowed(line, p, isDefaults, "dlb");
                ServerBinder.apply(line, 1, p.serverDefaults, true);
            }
            case "balance" -> {
                allowed(line, p, isDefaults, "dlb");
                p.balance = BalanceBinder.balance(line, p.compiler);
            }
            case "hash-type" -> {
                allowed(line, p, isDefaults, "dlb");
                p.hashType = hashType(line);
            }
            case "timeout" -> {
                String which = Words.required(line, 1, "a timeout name (connect, client, server, ...)");
                timeout(line, p, isDefaults, which);
            }
            case "contimeout", "clitimeout", "srvtimeout" -> throw new ConfigException(line.position(), "'" + k
                    + "' was removed from HAProxy; use 'timeout " + switch (k) {
                        case "contimeout" -> "connect";
                        case "clitimeout" -> "client";
                        default -> "server";
                    } + "'");
            case "retries" -> {
                allowed(line, p, isDefaults, "dlb");
                p.retries = Words.integer(line, 1, "retries", 0, 1000);
                Words.noMoreThan(line, 2);
            }
            case "maxconn" -> {
                allowed(line, p, isDefaults, "dfl");
                p.maxconn = Words.integer(line, 1, "maxconn", 0, Integer.MAX_VALUE);
                Words.noMoreThan(line, 2);
            }
            case "tcp-check", "http-check" -> {
                allowed(line, p, isDefaults, "dlb");
                CheckBinder.rule(line, p);
            }
            case "errorfile", "errorfiles", "errorloc", "errorloc302", "errorloc303" -> {
                allowed(line, p, isDefaults, "dflb");
                p.errorEntries.add(ErrorFileBinder.bind(line, ErrorFileBinder.DEFAULT_BUFSIZE));
            }
            case "http-request", "http-response", "http-after-response", "redirect" -> {
                allowed(line, p, isDefaults, "dflb");
                HttpRuleBinder.bind(line, p, isDefaults);
            }
            case "stats" -> StatsBinder.bind(line, p, isDefaults);
            case "option" -> option(line, 1, p, isDefaults, true);
            case "no" -> {
                if ("log".equals(line.word(1))) {
                    ProxyLogBinder.noLog(line, p);
                    return;
                }
                if (!"option".equals(line.word(1))) {
                    throw new ConfigException(line.position(), "'no' must be followed by 'option' or 'log'");
                }
                option(line, 2, p, isDefaults, false);
            }
            default -> {
                if (HttpOptionBinder.keyword(line, p, isDefaults) || ProxyLogBinder.keyword(line, p, isDefaults)) {
                    return;
                }
                if (LaterFeatures.isKnownProxyKeyword(k)) {
                    throw new ConfigException(line.position(), LaterFeatures.proxyKeyword(k));
                }
                throw new ConfigException(line.position(), "unknown keyword '" + k + "' in " + section(p, isDefaults)
                        + Words.didYouMean(k, KEYWORDS));
            }
        }
    }

    private static void timeout(ConfigLine line, ProxyBuilder p, boolean isDefaults, String which)
            throws ConfigException {
        switch (which) {
            case "connect", "server", "tunnel", "server-fin", "queue", "check" -> allowed(line, p, isDefaults, "dlb");
            case "client", "client-fin" -> allowed(line, p, isDefaults, "dfl");
            case "http-request", "http-keep-alive", "tarpit" -> allowed(line, p, isDefaults, "dfbl");
            default -> throw new ConfigException(line.position(), "unknown timeout '" + which + "'"
                    + Words.didYouMean(which, TIMEOUTS) + "; expected one of " + String.join(", ", TIMEOUTS));
        }
        long ms = Words.time(line, 2, "timeout " + which);
        Words.noMoreThan(line, 3);
        p.timeouts = p.timeouts.with(which, ms);
    }

    private static void option(ConfigLine line, int at, ProxyBuilder p, boolean isDefaults, boolean on)
            throws ConfigException {
        String o = Words.required(line, at, "an option name");
        switch (o) {
            case "redispatch" -> {
                allowed(line, p, isDefaults, "dlb");
                int interval = -1;
                if (line.size() > at + 1) {
                    interval = Words.integer(line, at + 1, "option redispatch", -1000, 1000);
                    Words.noMoreThan(line, at + 2);
                }
                p.redispatch = on ? interval : 0;
            }
            case "allbackups" -> {
                allowed(line, p, isDefaults, "dlb");
                p.allBackups = on;
            }
            case "tcpka" -> {
                p.clientKeepAlive = on;
                p.serverKeepAlive = on;
            }
            case "clitcpka" -> {
                allowed(line, p, isDefaults, "dfl");
                p.clientKeepAlive = on;
            }
            case "httpchk", "tcp-check", "mysql-check", "pgsql-check", "redis-check", "smtpchk" -> {
                allowed(line, p, isDefaults, "dlb");
                CheckBinder.option(line, at, p, on);
                return;
            }
            case "log-health-checks" -> {
                allowed(line, p, isDefaults, "dlb");
                p.logHealthChecks = on;
            }
            case "splice-auto", "splice-request", "splice-response" -> {
                // Bascule splices every TCP stream it can; these options ask for exactly that.
                if (!on) {
                    throw new ConfigException(line.position(), "'no option " + o + "' is not supported: Bascule "
                            + "splices whenever it can; use 'nosplice' in 'global' to turn splicing off");
                }
            }
            case "srvtcpka" -> {
                allowed(line, p, isDefaults, "dlb");
                p.serverKeepAlive = on;
            }
            default -> {
                if (HttpOptionBinder.option(line, at, o, p, isDefaults, on)
                        || ProxyLogBinder.option(line, at, o, p, isDefaults, on)) {
                    return;
                }
                if (LaterFeatures.isKnownOption(o)) {
                    throw new ConfigException(line.position(), LaterFeatures.option(o));
                }
                throw new ConfigException(line.position(), "unknown option '" + o + "'"
                        + Words.didYouMean(o, OPTIONS) + "; supported: " + String.join(", ", OPTIONS));
            }
        }
        if (!o.equals("redispatch")) {
            Words.noMoreThan(line, at + 1);
        }
    }

    static HashType hashType(ConfigLine line) throws ConfigException {
        String method = Words.required(line, 1, "'map-based' or 'consistent'");
        boolean consistent = switch (method) {
            case "map-based" -> false;
            case "consistent" -> true;
            case "none" -> throw new ConfigException(line.position(), "'hash-type none' is not supported yet");
            default -> throw new ConfigException(line.position(), "'hash-type' expects 'map-based' or 'consistent' "
                    + "but got '" + method + "'" + Words.didYouMean(method, List.of("map-based", "consistent")));
        };
        HashFunction fn = HashFunction.SDBM;
        // As in HAProxy, 'consistent' alone keeps its historical behaviour: sdbm with avalanche.
        boolean avalanche = consistent && line.size() == 2;
        if (line.size() > 2) {
            String f = line.word(2);
            fn = switch (f) {
                case "sdbm" -> HashFunction.SDBM;
                case "djb2" -> HashFunction.DJB2;
                case "wt6" -> HashFunction.WT6;
                case "crc32" -> HashFunction.CRC32;
                case "none" -> throw new ConfigException(line.position(), "hash function 'none' is not supported yet");
                default -> throw new ConfigException(line.position(), "'hash-type' function must be sdbm, djb2, "
                        + "wt6 or crc32 but got '" + f + "'" + Words.didYouMean(f, List.of("sdbm", "djb2", "wt6",
                        "crc32")));
            };
        }
        if (line.size() > 3) {
            String m = line.word(3);
            if (!m.equals("avalanche")) {
                throw new ConfigException(line.position(), "'hash-type' modifier must be 'avalanche' but got '"
                        + m + "'");
            }
            avalanche = true;
        }
        Words.noMoreThan(line, 4);
        return new HashType(consistent, fn, avalanche);
    }

    static void allowed(ConfigLine line, ProxyBuilder p, boolean isDefaults, String where)
            throws ConfigException {
        char c = isDefaults ? 'd' : switch (p.kind) {
            case FRONTEND -> 'f';
            case BACKEND -> 'b';
            case LISTEN -> 'l';
        };
        if (where.indexOf(c) < 0) {
            StringBuilder ok = new StringBuilder();
            for (char x : where.toCharArray()) {
                if (ok.length() > 0) {
                    ok.append(", ");
                }
                ok.append(switch (x) {
                    case 'd' -> "defaults";
                    case 'f' -> "frontend";
                    case 'l' -> "listen";
                    default -> "backend";
                });
            }
            String what = line.keyword().equals("timeout") || line.keyword().equals("option")
                    ? line.keyword() + " " + line.word(1) : line.keyword();
            throw new ConfigException(line.position(), "'" + what + "' is not allowed in " + section(p, isDefaults)
                    + "; it belongs in " + ok);
        }
    }

    private static String section(ProxyBuilder p, boolean isDefaults) {
        if (isDefaults) {
            return p.name == null ? "a 'defaults' section" : "defaults section '" + p.name + "'";
        }
        return p.kind.keyword() + " '" + p.name + "'";
    }
}
