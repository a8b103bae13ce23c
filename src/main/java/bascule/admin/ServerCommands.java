package bascule.admin;

import bascule.check.ChangeRequests;
import bascule.model.CliLevel;
import bascule.proxy.AdminState;
import bascule.proxy.Server;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Commands on one server: {@code set server <b>/<s> state|weight|health|agent|addr}, {@code get weight},
 * {@code set weight}, {@code enable/disable server|health|agent}, {@code set maxconn server} and
 * {@code shutdown sessions server}, with HAProxy's levels (reading a weight is open to all, changing anything
 * needs {@code admin}) and its error texts.
 */
final class ServerCommands {
    private static final String SET_SERVER_USAGE = "usage: set server <backend>/<server> addr | agent | "
            + "agent-addr | agent-port | agent-send | check-addr | check-port | fqdn | health | ssl | state | weight\n";

    private final AdminContext ctx;

    ServerCommands(AdminContext ctx) {
        this.ctx = ctx;
    }

    List<CliCommand> commands() {
        return List.of(
                CliCommand.of("set server", "set server <bk>/<srv> [opts]            : change a server's state, weight, address or ssl",
                        this::setServer),
                CliCommand.of("get weight", "get weight <bk>/<srv>                   : report a server's current weight",
                        this::getWeight),
                CliCommand.of("set weight", "set weight <bk>/<srv>  (DEPRECATED)     : change a server's weight (use 'set server' instead)",
                        this::setWeight),
                CliCommand.of("disable server", "disable server (DEPRECATED)             : disable a server for maintenance (use 'set server' instead)",
                        (a, s) -> admin(a, s, sv -> {
                            sv.setAdminState(AdminState.MAINT);
                            return "";
                        })),
                CliCommand.of("enable server", "enable server  (DEPRECATED)             : enable a disabled server (use 'set server' instead)",
                        (a, s) -> admin(a, s, sv -> {
                            sv.setAdminState(AdminState.READY);
                            return "";
                        })),
                CliCommand.of("disable health", "disable health                          : disable health checks",
                        (a, s) -> admin(a, s, sv -> {
                            ctx.checks().setHealthCheckEnabled(sv, false);
                            return "";
                        })),
                CliCommand.of("enable health", "enable health                           : enable health checks",
                        (a, s) -> admin(a, s, sv -> ctx.checks().setHealthCheckEnabled(sv, true) ? ""
                                : "Health check was not configured on this server, cannot enable.\n")),
                CliCommand.of("disable agent", "disable agent                           : disable agent checks",
                        (a, s) -> admin(a, s, sv -> {
                            ctx.checks().setAgentEnabled(sv, false);
                            return "";
                        })),
                CliCommand.of("enable agent", "enable agent                            : enable agent checks",
                        (a, s) -> admin(a, s, sv -> ctx.checks().setAgentEnabled(sv, true) ? ""
                                : "Agent was not configured on this server, cannot enable.\n")),
                CliCommand.of("set maxconn server", "set maxconn server <bk>/<srv>           : change a server's maxconn setting",
                        this::setMaxconnServer),
                CliCommand.of("shutdown sessions server", "shutdown sessions server <bk>/<srv>     : kill sessions on a server",
                        this::shutdownSessions));
    }

    /** Runs {@code action} on the server named by the word after the command, for an admin session. */
    private String admin(List<String> args, CliSession session, java.util.function.Function<Server, String> action) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        Cli.Found f = Cli.server(ctx, Cli.arg(args, 2));
        return f.server() == null ? f.error() : action.apply(f.server());
    }

    private String getWeight(List<String> args, CliSession session) {
        Cli.Found f = Cli.server(ctx, Cli.arg(args, 2));
        if (f.server() == null) {
            return f.error();
        }
        return f.server().configuredWeight() + " (initial " + f.server().spec().weight() + ")\n";
    }

    private String setWeight(List<String> args, CliSession session) {
        return admin(args, session, sv -> weight(sv, Cli.arg(args, 3)));
    }

    private String weight(Server sv, String text) {
        ChangeRequests.Change c = ChangeRequests.weight(text, sv.spec().weight(), sv.backend().spec());
        if (!c.ok()) {
            return c.error();
        }
        sv.setWeight(c.value());
        return "";
    }

    private String setMaxconnServer(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        Cli.Found f = Cli.server(ctx, Cli.arg(args, 3));
        if (f.server() == null) {
            return f.error();
        }
        ChangeRequests.Change c = ChangeRequests.maxconn(Cli.arg(args, 4));
        if (!c.ok()) {
            return c.error();
        }
        f.server().setMaxConnections(c.value());
        return "";
    }

    private String shutdownSessions(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        Cli.Found f = Cli.server(ctx, Cli.arg(args, 3));
        if (f.server() == null) {
            return f.error();
        }
        f.server().shutdownSessions();
        return "";
    }

    private String setServer(List<String> args, CliSession session) {
        return admin(args, session, sv -> {
            String what = Cli.arg(args, 3);
            String value = Cli.arg(args, 4);
            return switch (what) {
                case "weight" -> weight(sv, value);
                case "state" -> switch (value) {
                    case "ready" -> admin(sv, AdminState.READY);
                    case "drain" -> admin(sv, AdminState.DRAIN);
                    case "maint" -> admin(sv, AdminState.MAINT);
                    default -> "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n";
                };
                case "health" -> health(sv, value);
                case "agent" -> agent(sv, value);
                case "addr" -> address(sv, value, Cli.arg(args, 5).equals("port") ? Cli.arg(args, 6) : null);
                case "agent-addr", "agent-port", "agent-send", "check-addr", "check-port", "fqdn", "ssl" ->
                        "'set server <srv> " + what + "' is not supported by Bascule yet (see docs/compatibility.md).\n";
                default -> SET_SERVER_USAGE;
            };
        });
    }

    private static String admin(Server sv, AdminState state) {
        sv.setAdminState(state);
        return "";
    }

    private String health(Server sv, String value) {
        if (sv.spec().track() != null) {
            return "cannot change health on a tracking server.\n";
        }
        switch (value) {
            case "up", "down" -> {
                ForcedStates.health(ctx.checks(), sv, value.equals("up"), ForcedStates.CLI);
                return "";
            }
            case "stopping" -> {
                ForcedStates.stopping(ctx.checks(), sv, ForcedStates.CLI);
                return "";
            }
            default -> {
                return "'set server <srv> health' expects 'up', 'stopping', or 'down'.\n";
            }
        }
    }

    private String agent(Server sv, String value) {
        if (!ForcedStates.agentEnabled(ctx.checks(), sv)) {
            return "agent checks are not enabled on this server.\n";
        }
        switch (value) {
            case "up", "down" -> {
                ForcedStates.agent(ctx.checks(), sv, value.equals("up"), ForcedStates.CLI);
                return "";
            }
            default -> {
                return "'set server <srv> agent' expects 'up' or 'down'.\n";
            }
        }
    }

    /**
     * {@code set server <b>/<s> addr <ip> [port <n>]}: HAProxy's messages ("IP changed from 'a' to 'b'",
     * "no need to change the addr", "port changed from 'x' to 'y'", "Invalid addr 'z'"), each ending with
     * "by 'stats socket command'". Only literal IP addresses are taken, as in HAProxy.
     */
    private static String address(Server sv, String addr, String port) {
        if (addr.isEmpty()) {
            return "set server <b>/<s> addr requires an address and optionally a port.\n";
        }
        InetSocketAddress current = sv.address();
        StringBuilder msg = new StringBuilder();
        InetAddress ip = current.getAddress();
        int newPort = current.getPort();
        boolean changed = false;
        InetAddress parsed = literalIp(addr);
        if (parsed == null) {
            msg.append("Invalid addr '").append(addr).append('\'');
            return msg.append(" by 'stats socket command'\n").toString();
        }
        if (parsed.equals(current.getAddress())) {
            msg.append("no need to change the addr");
        } else {
            msg.append("IP changed from '").append(current.getAddress().getHostAddress()).append("' to '")
                    .append(addr).append('\'');
            ip = parsed;
            changed = true;
        }
        if (port != null) {
            msg.append(", ");
            long p = port.matches("[+-]?\\d{1,9}") ? Long.parseLong(port) : Long.MIN_VALUE;
            if (p == Long.MIN_VALUE) {
                msg.append("problem converting port '").append(port).append("' to an int");
            } else if (port.startsWith("+") || port.startsWith("-")) {
                msg.append("can't use an offset port: the server's port is not mapped");
            } else if (p > 65535) {
                msg.append("problem converting port '").append(port).append("' to an int");
            } else if (p == 0) {
                msg.append("<port> cannot be 0");
            } else if (p == current.getPort()) {
                msg.append("no need to change the port");
            } else {
                msg.append("port changed from '").append(current.getPort()).append("' to '").append(p).append('\'');
                newPort = (int) p;
                changed = true;
            }
        }
        if (changed) {
            sv.setAddress(new InetSocketAddress(ip, newPort));
        }
        return msg.append(" by 'stats socket command'\n").toString();
    }

    /** An IPv4 or IPv6 literal, never a host name to resolve. */
    static InetAddress literalIp(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = text.indexOf(':') >= 0 && text.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            return v4 && a instanceof Inet4Address || v6 && a instanceof Inet6Address ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
