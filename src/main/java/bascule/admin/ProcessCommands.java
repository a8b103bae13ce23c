package bascule.admin;

import bascule.model.CliLevel;
import bascule.model.StatsSocketSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Commands about the process and the session itself: {@code show version}, {@code show info},
 * {@code show env}, {@code show cli level}, {@code show cli sockets}, {@code user}, {@code operator},
 * {@code set timeout cli}, {@code set maxconn global}, {@code prompt} and {@code quit}.
 */
final class ProcessCommands {
    private final AdminContext ctx;

    ProcessCommands(AdminContext ctx) {
        this.ctx = ctx;
    }

    List<CliCommand> commands() {
        return List.of(
                CliCommand.of("prompt", null, (a, s) -> {
                    s.togglePrompt();
                    return "";
                }),
                CliCommand.of("quit", null, (a, s) -> {
                    s.quit();
                    return "";
                }),
                CliCommand.of("show version", "show version                            : show version of the current process",
                        (a, s) -> ctx.version() + "\n"),
                CliCommand.of("show info", "show info [desc|json|typed|float]*      : report information about the running process",
                        this::showInfo),
                CliCommand.of("show env", "show env [var]                          : dump environment variables known to the process",
                        this::showEnv),
                CliCommand.of("show cli level", "show cli level                          : display the level of the current CLI session",
                        (a, s) -> s.level().word() + "\n"),
                CliCommand.of("show cli sockets", "show cli sockets                        : dump list of cli sockets",
                        (a, s) -> cliSockets()),
                CliCommand.of("operator", "operator                                : lower the level of the current CLI session to operator",
                        (a, s) -> setLevel(a, s, CliLevel.OPERATOR)),
                CliCommand.of("user", "user                                    : lower the level of the current CLI session to user",
                        (a, s) -> setLevel(a, s, CliLevel.USER)),
                CliCommand.of("set timeout", "set timeout [cli] <delay>               : change a timeout setting",
                        this::setTimeout),
                CliCommand.of("set maxconn global", "set maxconn global <value>              : change the per-process maxconn setting",
                        this::setMaxconnGlobal),
                CliCommand.of("set rate-limit", "set rate-limit <setting> <value>        : change a rate limiting value",
                        this::setRateLimit));
    }

    private String showInfo(List<String> args, CliSession session) {
        List<ProcessInfo.Line> lines = ProcessInfo.collect(ctx, session.openSessions());
        for (int i = 2; i < args.size(); i++) {
            if (args.get(i).equals("json")) {
                return ProcessInfo.json(lines);
            }
            if (args.get(i).equals("typed")) {
                return ProcessInfo.typed(lines);
            }
        }
        return ProcessInfo.plain(lines);
    }

    private String showEnv(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.OPERATOR)) {
            return Cli.PERMISSION_DENIED;
        }
        Map<String, String> env = new TreeMap<>(System.getenv());
        String name = Cli.arg(args, 2);
        if (!name.isEmpty()) {
            String v = env.get(name);
            return v == null ? "Variable not found\n" : name + "=" + v + "\n";
        }
        StringBuilder b = new StringBuilder();
        env.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    private String cliSockets() {
        StringBuilder b = new StringBuilder("# socket lvl processes\n");
        for (StatsSocketSpec s : ctx.model().global().statsSockets()) {
            String where = switch (s.address().family()) {
                case UNIX -> "unix@" + s.address().path();
                case FD -> "fd@" + s.address().fd();
                case INET6 -> "ipv6@[" + s.address().host() + "]:" + s.address().port();
                default -> "ipv4@" + s.address().host() + ":" + s.address().port();
            };
            b.append(where).append(' ').append(s.level().word()).append(" all\n");
        }
        return b.toString();
    }

    private String setLevel(List<String> args, CliSession session, CliLevel level) {
        if (Cli.arg(args, 1).equals("-")) {
            session.omitNextLineFeed();
        }
        if (!Cli.allowed(session, level)) {
            return Cli.PERMISSION_DENIED;
        }
        session.setLevel(level);
        return "";
    }

    private String setTimeout(List<String> args, CliSession session) {
        if (!Cli.arg(args, 2).equals("cli")) {
            return "'set timeout' only supports 'cli'.\n";
        }
        String v = Cli.arg(args, 3);
        if (v.isEmpty()) {
            return "Expects an integer value.\n";
        }
        long ms = seconds(v);
        if (ms < 1) {
            return "Invalid timeout value.\n";
        }
        session.setTimeoutMillis(ms);
        return "";
    }

    /** A delay in seconds by default, or with a unit (us, ms, s, m, h, d); -1 when invalid. */
    static long seconds(String v) {
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            return -1;
        }
        long n = Long.parseLong(v.substring(0, i));
        return switch (v.substring(i)) {
            case "", "s" -> n * 1000;
            case "us" -> n / 1000;
            case "ms" -> n;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            default -> -1;
        };
    }

    private static final String RATE_LIMIT_USAGE = "'set rate-limit' only supports :\n"
            + "   - 'connections global' to set the per-process maximum connection rate\n"
            + "   - 'sessions global' to set the per-process maximum session rate\n"
            + "   - 'ssl-sessions global' to set the per-process maximum SSL session rate\n"
            + "   - 'http-compression global' to set the per-process maximum compression speed in kB/s\n";

    /**
     * {@code set rate-limit connections|sessions global <n>}: the process-wide {@code maxconnrate} and
     * {@code maxsessrate}, 0 removing the limit. As in HAProxy the value is read like C's {@code atoi}, so a
     * word that is not a number sets 0.
     */
    private String setRateLimit(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        String what = Cli.arg(args, 2);
        boolean known = switch (what) {
            case "connections", "sessions", "ssl-sessions", "http-compression" -> true;
            default -> false;
        };
        if (!known || !Cli.arg(args, 3).equals("global")) {
            return RATE_LIMIT_USAGE;
        }
        String v = Cli.arg(args, 4);
        if (v.isEmpty()) {
            return "Expects an integer value.\n";
        }
        long n = Cli.atoi(v);
        if (n < 0) {
            return "Value out of range.\n";
        }
        switch (what) {
            case "connections" -> ctx.runtime().setConnRateLimit((int) n);
            case "sessions" -> ctx.runtime().setSessRateLimit((int) n);
            default -> {
                return "'set rate-limit " + what + "' is not supported by Bascule yet (see docs/compatibility.md).\n";
            }
        }
        return "";
    }

    private String setMaxconnGlobal(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        String v = Cli.arg(args, 3);
        if (v.isEmpty()) {
            return "Expects an integer value.\n";
        }
        long n = Cli.atoi(v);
        if (n > ctx.runtime().hardMaxconn()) {
            return "Value out of range.\n";
        }
        ctx.runtime().setGlobalMaxconn((int) n);
        return "";
    }
}
