package bascule.config;

import bascule.model.Address;
import bascule.model.CliLevel;
import bascule.model.StatsSocketSpec;

/**
 * Binds the {@code stats} lines of {@code global}: {@code stats socket <address> [mode <octal>]
 * [level user|operator|admin] [expose-fd listeners]} (several allowed) and {@code stats timeout <time>}.
 * Other {@code stats} words in {@code global} are refused as a later feature.
 */
final class StatsSocketBinder {
    private StatsSocketBinder() {
    }

    static void bind(ConfigLine line, GlobalBinder.GlobalBuilder g) throws ConfigException {
        String what = line.word(1);
        if ("socket".equals(what)) {
            g.statsSockets.add(socket(line));
        } else if ("timeout".equals(what)) {
            long t = Words.time(line, 2, "stats timeout");
            if (t <= 0) {
                throw new ConfigException(line.position(), "'stats timeout' expects a positive value");
            }
            Words.noMoreThan(line, 3);
            g.statsTimeout = t;
        } else {
            // The other 'stats' words of global (maxconn, bind-process) keep the later-feature answer.
            String said = what == null ? "'stats'" : "'stats " + what + "'";
            throw new ConfigException(line.position(), LaterFeatures.globalKeyword("stats").replace("'stats'", said)
                    .replace(" (see", " (Bascule reads 'stats socket' and 'stats timeout' in global; see"));
        }
    }

    private static StatsSocketSpec socket(ConfigLine line) throws ConfigException {
        String text = line.word(2);
        if (text == null || text.isEmpty()) {
            throw new ConfigException(line.position(),
                    "'stats socket' in global section expects an address or a path to a UNIX socket");
        }
        Address address = AddressParser.parse(text, line.position(), true);
        if (address.portLow() != address.portHigh()) {
            throw new ConfigException(line.position(), "'stats socket " + text + "': a port range makes no sense here");
        }
        int mode = -1;
        CliLevel level = CliLevel.OPERATOR;
        boolean exposeFd = false;
        for (int i = 3; i < line.size(); i++) {
            String option = line.word(i);
            String arg = line.word(i + 1);
            switch (option) {
                case "mode" -> {
                    if (address.family() != Address.Family.UNIX) {
                        throw new ConfigException(line.position(), "'stats socket': 'mode' only applies to UNIX "
                                + "sockets, not to '" + text + "'");
                    }
                    mode = octal(line, arg);
                    i++;
                }
                case "level" -> {
                    level = switch (arg == null ? "" : arg) {
                        case "user" -> CliLevel.USER;
                        case "operator" -> CliLevel.OPERATOR;
                        case "admin" -> CliLevel.ADMIN;
                        default -> throw new ConfigException(line.position(), arg == null
                                ? "'stats socket' : 'level' : missing level"
                                : "'stats socket' : 'level' only supports 'user', 'operator', and 'admin' (got '"
                                        + arg + "')");
                    };
                    i++;
                }
                case "expose-fd" -> {
                    if (!"listeners".equals(arg)) {
                        throw new ConfigException(line.position(), arg == null
                                ? "'stats socket' : 'expose-fd' : missing fd type"
                                : "'stats socket' : 'expose-fd' only supports 'listeners' (got '" + arg + "')");
                    }
                    // Accepted and without effect: Bascule reloads bind the new listeners with SO_REUSEPORT,
                    // so no process ever asks for the old one's sockets.
                    exposeFd = true;
                    i++;
                }
                case "user", "group", "uid", "gid", "severity-output", "process", "maxconn", "name", "accept-proxy",
                     "defer-accept", "interface", "namespace", "tfo", "v4v6", "v6only", "transparent", "ssl",
                     "crt", "alpn", "ciphers", "verify", "ca-file", "nice", "backlog", "id" ->
                        throw new ConfigException(line.position(), "'stats socket' option '" + option
                                + "' is not supported yet: it arrives with logging, stats and the runtime API "
                                + "(supported: mode, level, expose-fd listeners)");
                default -> throw new ConfigException(line.position(), "'stats socket' : unknown keyword '" + option
                        + "'" + Words.didYouMean(option, java.util.List.of("mode", "level", "expose-fd"))
                        + "; supported: mode, level, expose-fd listeners");
            }
        }
        return new StatsSocketSpec(address, mode, level, exposeFd, line.position());
    }

    private static int octal(ConfigLine line, String arg) throws ConfigException {
        if (arg == null || arg.isEmpty()) {
            throw new ConfigException(line.position(), "'stats socket' : 'mode' : missing mode (octal integer expected)");
        }
        try {
            int m = Integer.parseInt(arg, 8);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw new ConfigException(line.position(), "'stats socket' : 'mode' expects an octal permission such as "
                    + "660 but got '" + arg + "'");
        }
    }
}
