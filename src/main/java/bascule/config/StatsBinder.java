package bascule.config;

import bascule.model.StatsSpec;
import bascule.sample.Condition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binds the {@code stats} lines of proxies and defaults (the stats page): {@code enable}, {@code uri},
 * {@code realm}, {@code auth}, {@code refresh}, {@code show-node}, {@code show-legends}, {@code show-desc},
 * {@code hide-version}, {@code scope} and {@code admin}. As in HAProxy every one of them turns the page on with
 * the default URI and realm, and a section's first {@code stats} line starts from those defaults rather than
 * from what the {@code defaults} section set: a proxy either inherits the whole page or defines its own.
 */
final class StatsBinder {
    static final List<String> WORDS = List.of("admin", "uri", "realm", "auth", "scope", "enable", "hide-version",
            "show-node", "show-desc", "show-legends", "refresh");

    private StatsBinder() {
    }

    static void bind(ConfigLine line, ProxyBuilder p, boolean isDefaults) throws ConfigException {
        String what = line.word(1);
        if (what == null) {
            throw new ConfigException(line.position(), "missing keyword in 'stats', expects " + expected());
        }
        if (what.equals("socket") || what.equals("timeout") || what.equals("maxconn")) {
            throw new ConfigException(line.position(), "'stats " + what + "' belongs in the 'global' section");
        }
        if (!WORDS.contains(what)) {
            if (what.equals("http-request") || what.equals("show-modules")) {
                throw new ConfigException(line.position(), "'stats " + what + "' is not supported yet; "
                        + "guard the stats page with 'http-request' rules of the proxy instead");
            }
            throw new ConfigException(line.position(), "unknown stats parameter '" + what + "', expects "
                    + expected() + Words.didYouMean(what, WORDS));
        }
        if (what.equals("admin") && isDefaults) {
            throw new ConfigException(line.position(), "'stats admin' is not allowed in a 'defaults' section "
                    + "(HAProxy refuses it too); put it in the listen, frontend or backend that serves the page");
        }
        if (p.statsInherited) {
            p.stats = null; // HAProxy detaches from the defaults' page at the first own 'stats' line
            p.statsInherited = false;
        }
        StatsSpec s = p.stats != null ? p.stats : new StatsSpec(StatsSpec.DEFAULT_URI, StatsSpec.DEFAULT_REALM,
                List.of(), 0, null, null, false, false, List.of(), null, line.position());
        p.stats = switch (what) {
            case "enable" -> {
                Words.noMoreThan(line, 2);
                yield s;
            }
            case "uri" -> {
                String uri = argument(line, "a URI prefix, e.g. 'stats uri /stats'");
                Words.noMoreThan(line, 3);
                yield new StatsSpec(uri, s.realm(), s.users(), s.refreshSeconds(), s.node(), s.description(),
                        s.showLegends(), s.hideVersion(), s.scopes(), s.admin(), s.position());
            }
            case "realm" -> {
                String realm = argument(line, "a realm name (escape spaces with '\\ ')");
                Words.noMoreThan(line, 3);
                yield new StatsSpec(s.uri(), realm, s.users(), s.refreshSeconds(), s.node(), s.description(),
                        s.showLegends(), s.hideVersion(), s.scopes(), s.admin(), s.position());
            }
            case "auth" -> {
                String account = argument(line, "a user:password account");
                Words.noMoreThan(line, 3);
                int colon = account.indexOf(':');
                if (colon <= 0) {
                    throw new ConfigException(line.position(), "'stats auth' expects 'user:password' but got '"
                            + account + "'");
                }
                List<StatsSpec.User> users = new ArrayList<>(s.users());
                users.add(new StatsSpec.User(account.substring(0, colon), account.substring(colon + 1)));
                yield new StatsSpec(s.uri(), s.realm(), users, s.refreshSeconds(), s.node(), s.description(),
                        s.showLegends(), s.hideVersion(), s.scopes(), s.admin(), s.position());
            }
            case "refresh" -> {
                int seconds = refresh(line);
                Words.noMoreThan(line, 3);
                yield new StatsSpec(s.uri(), s.realm(), s.users(), seconds, s.node(), s.description(),
                        s.showLegends(), s.hideVersion(), s.scopes(), s.admin(), s.position());
            }
            case "scope" -> {
                String proxy = argument(line, "a proxy name");
                Words.noMoreThan(line, 3);
                List<String> scopes = new ArrayList<>(s.scopes());
                scopes.add(proxy);
                yield new StatsSpec(s.uri(), s.realm(), s.users(), s.refreshSeconds(), s.node(), s.description(),
                        s.showLegends(), s.hideVersion(), scopes, s.admin(), s.position());
            }
            case "hide-version" -> {
                Words.noMoreThan(line, 2);
                yield new StatsSpec(s.uri(), s.realm(), s.users(), s.refreshSeconds(), s.node(), s.description(),
                        s.showLegends(), true, s.scopes(), s.admin(), s.position());
            }
            case "show-legends" -> {
                Words.noMoreThan(line, 2);
                yield new StatsSpec(s.uri(), s.realm(), s.users(), s.refreshSeconds(), s.node(), s.description(),
                        true, s.hideVersion(), s.scopes(), s.admin(), s.position());
            }
            case "show-node" -> {
                Words.noMoreThan(line, 3);
                String node = line.size() > 2 ? nodeName(line, line.word(2)) : hostName();
                yield new StatsSpec(s.uri(), s.realm(), s.users(), s.refreshSeconds(), node, s.description(),
                        s.showLegends(), s.hideVersion(), s.scopes(), s.admin(), s.position());
            }
            case "show-desc" -> {
                if (line.size() <= 2) {
                    // HAProxy falls back to global 'description', which Bascule does not take yet.
                    throw new ConfigException(line.position(), "'stats show-desc' without a description (taken "
                            + "from global 'description' by HAProxy) is not supported yet; write the description "
                            + "after it, e.g. 'stats show-desc Primary load balancer'");
                }
                String desc = String.join(" ", line.words().subList(2, line.size()));
                yield new StatsSpec(s.uri(), s.realm(), s.users(), s.refreshSeconds(), s.node(), desc,
                        s.showLegends(), s.hideVersion(), s.scopes(), s.admin(), s.position());
            }
            case "admin" -> {
                String kw = line.word(2);
                if (!"if".equals(kw) && !"unless".equals(kw)) {
                    throw new ConfigException(line.position(), "'stats admin' requires either 'if' or 'unless' "
                            + "followed by a condition, e.g. 'stats admin if LOCALHOST'");
                }
                if (line.size() <= 3) {
                    throw new ConfigException(line.position(), "'stats admin " + kw + "' needs a condition, e.g. "
                            + "'stats admin if LOCALHOST' (use TRUE to always allow)");
                }
                Condition c = p.condition(line, 2);
                yield new StatsSpec(s.uri(), s.realm(), s.users(), s.refreshSeconds(), s.node(), s.description(),
                        s.showLegends(), s.hideVersion(), s.scopes(), c, s.position());
            }
            default -> throw new IllegalStateException(what);
        };
    }

    /** The word after {@code stats <what>}, or an error that names both words. */
    private static String argument(ConfigLine line, String what) throws ConfigException {
        String w = line.word(2);
        if (w == null || w.isEmpty()) {
            throw new ConfigException(line.position(), "'stats " + line.word(1) + "' expects " + what);
        }
        return w;
    }

    private static String expected() {
        return "'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc', "
                + "'show-legends' or 'refresh'";
    }

    /** {@code stats refresh <delay>}: a time whose default unit is the second; the page counts whole seconds. */
    private static int refresh(ConfigLine line) throws ConfigException {
        String w = argument(line, "a delay, e.g. 'stats refresh 10s'");
        int i = 0;
        while (i < w.length() && Character.isDigit(w.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new ConfigException(line.position(), "unexpected character '" + w.charAt(0) + "' in argument "
                    + "to stats refresh interval (expects a delay such as 10s)");
        }
        String unit = w.substring(i).toLowerCase(Locale.ROOT);
        long n;
        try {
            n = Long.parseLong(w.substring(0, i));
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        long seconds = switch (unit) {
            case "", "s" -> n;
            case "ms" -> n / 1000;
            case "us" -> n / 1_000_000;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> throw new ConfigException(line.position(), "unexpected character '" + unit.charAt(0)
                    + "' in argument to stats refresh interval (use us, ms, s, m, h or d)");
        };
        if (n == Long.MAX_VALUE || seconds > Integer.MAX_VALUE || seconds < 0) {
            throw new ConfigException(line.position(), "timer overflow in argument <" + w + "> to stats refresh "
                    + "interval, maximum value is 2147483647 s (~68 years)");
        }
        return (int) seconds;
    }

    private static String nodeName(ConfigLine line, String name) throws ConfigException {
        for (char c : name.toCharArray()) {
            if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '_' && c != '-' && c != '.') {
                throw new ConfigException(line.position(), "'stats show-node' invalid node name '" + name
                        + "': use digits (0-9), letters (A-Z, a-z), '-', '_' or '.'");
            }
        }
        return name;
    }

    /** HAProxy's default node name: the system's host name (gethostname), not a DNS lookup. */
    static String hostName() {
        try {
            String h = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: fall back to the JVM's view
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
