package bascule.admin;

import bascule.model.CliLevel;
import bascule.proxy.Session;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code show sess} and {@code shutdown session}. A session is shown with HAProxy's leading fields
 * ({@code 0x<id>: proto=tcpv4 src=… fe=… be=… srv=… ts=00 epoch=0 age=…}); the id is what
 * {@code shutdown session} takes. HAProxy's internal buffer and timer fields have no meaning in Bascule and
 * are left out.
 */
final class SessionCommands {
    private final AdminContext ctx;

    SessionCommands(AdminContext ctx) {
        this.ctx = ctx;
    }

    List<CliCommand> commands() {
        return List.of(
                CliCommand.of("show sess", "show sess [id]                          : report the list of current sessions or dump this exact session",
                        this::showSessions),
                CliCommand.of("shutdown session", "shutdown session [id]                   : kill a specific session",
                        this::shutdownSession));
    }

    private String showSessions(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.OPERATOR)) {
            return Cli.PERMISSION_DENIED;
        }
        String which = Cli.arg(args, 2);
        long only = which.isEmpty() || which.equals("all") ? 0 : parseId(which);
        List<Session> list = new ArrayList<>(ctx.runtime().sessions());
        list.sort(Comparator.comparingLong(Session::id));
        StringBuilder b = new StringBuilder();
        for (Session s : list) {
            if (only != 0 && s.id() != only) {
                continue;
            }
            b.append(line(s)).append('\n');
        }
        if (only != 0 && b.isEmpty()) {
            return "Session not found.\n";
        }
        return b.toString();
    }

    static String line(Session s) {
        SocketAddress remote = s.client().remoteAddress();
        String proto = remote instanceof InetSocketAddress isa && isa.getAddress() instanceof java.net.Inet6Address
                ? "tcpv6" : remote instanceof InetSocketAddress ? "tcpv4" : "unix_stream";
        String src = remote instanceof InetSocketAddress isa
                ? isa.getAddress().getHostAddress() + ":" + isa.getPort() : "unix";
        long ageSeconds = (System.nanoTime() - s.startNanos()) / 1_000_000_000L;
        return "0x" + Long.toHexString(s.id()) + ": proto=" + proto + " src=" + src + " fe=" + s.frontend().name()
                + " be=" + s.backend().name() + " srv=" + s.server().name() + " ts=00 epoch=0 age="
                + humanTime(ageSeconds) + " calls=0 rate=0 cpu=0 lat=0";
    }

    /** HAProxy's short duration: "45s", "2m05s", "1h02m", "3d04h". */
    static String humanTime(long t) {
        if (t < 60) {
            return t + "s";
        }
        if (t < 3600) {
            return String.format("%dm%02ds", t / 60, t % 60);
        }
        if (t < 86400) {
            return String.format("%dh%02dm", t / 3600, (t / 60) % 60);
        }
        return String.format("%dd%02dh", t / 86400, (t / 3600) % 24);
    }

    private String shutdownSession(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        long id = parseId(Cli.arg(args, 2));
        if (id == 0) {
            return "Session pointer expected (use 'show sess').\n";
        }
        for (Session s : ctx.runtime().sessions()) {
            if (s.id() == id) {
                s.shutdown();
                return "";
            }
        }
        return "No such session (use 'show sess').\n";
    }

    /** C's {@code strtoul(s, NULL, 0)}: "0x…" hexadecimal, "0…" octal, else decimal; 0 when unreadable. */
    static long parseId(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            if (s.length() > 1 && s.startsWith("0")) {
                return Long.parseUnsignedLong(s.substring(1), 8);
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
