package bascule.admin;

import bascule.config.ConfigException;
import bascule.config.DynamicServerParser;
import bascule.model.CliLevel;
import bascule.model.ServerSpec;
import bascule.proxy.AdminState;
import bascule.proxy.Backend;
import bascule.proxy.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code add server <b>/<s> <addr:port> [options]} and {@code del server <b>/<s>}: dynamic servers with
 * HAProxy 2.6's rules and answers. A new server takes the backend's next free id, starts in maintenance
 * (its health check, if it has {@code check}, paused until {@code enable health}, its agent, if it has
 * {@code agent-check}, until {@code enable agent}), and is seen by the
 * balancer, the stats and {@code show servers state} at once. A server may be deleted once it is in
 * maintenance, holds no connection and nothing points at it (a tracking server, a {@code use-server} rule).
 *
 * <p>HAProxy 2.6 answers the early errors of {@code add server} and every answer of {@code del server}
 * without the empty line that normally ends a command's output; so does Bascule.
 */
final class DynamicServerCommands {
    private final AdminContext ctx;

    DynamicServerCommands(AdminContext ctx) {
        this.ctx = ctx;
    }

    List<CliCommand> commands() {
        return List.of(
                CliCommand.of("add server", "add server <bk>/<srv>                   : create a new server", this::add),
                CliCommand.of("del server", "del server <bk>/<srv>                   : remove a dynamically added server",
                        this::delete));
    }

    /** The backend and server name of {@code b/s}, or the answer when there is none. */
    private record Target(Backend backend, String server, String error) {
    }

    private Target target(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || slash == text.length() - 1) {
            return new Target(null, null, "Require 'backend/server'.\n");
        }
        Backend b = ctx.backend(text.substring(0, slash));
        if (b == null) {
            return new Target(null, null, "No such backend.\n");
        }
        return new Target(b, text.substring(slash + 1), null);
    }

    private String add(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        Target t = target(Cli.arg(args, 2));
        if (t.error() != null) {
            session.omitBlankLine();
            return t.error();
        }
        Backend be = t.backend();
        if (!be.supportsDynamicServers()) {
            session.omitBlankLine();
            return "Backend must use a dynamic load balancing to support dynamic servers.\n";
        }
        String label = "'server " + be.name() + "/" + t.server() + "' : ";
        List<String> words = new java.util.ArrayList<>();
        words.add(t.server());
        words.addAll(args.subList(Math.min(3, args.size()), args.size()));
        ServerSpec spec;
        InetAddress ip;
        Server tracked = null;
        // One add or delete at a time per backend, so the name and id checks still hold when the server goes in.
        synchronized (be) {
            try {
                spec = DynamicServerParser.parse(words, be.nextFreeId());
            } catch (ConfigException e) {
                return failed(be, label, e.detail());
            }
            for (Server s : be.servers()) {
                if (s.id() == spec.id()) { // only a configured id can clash: the default one is free
                    return failed(be, label, "'id' : custom id " + spec.id() + " already used at "
                            + s.spec().position() + " ('server " + s.name() + "').");
                }
            }
            if (be.server(spec.name()) != null) {
                return failed(be, label, "Already exists a server with the same name in backend.");
            }
            if (spec.track() != null) {
                String track = spec.track();
                int slash = track.indexOf('/');
                Backend tb = slash < 0 ? be : ctx.backend(track.substring(0, slash));
                String tn = slash < 0 ? track : track.substring(slash + 1);
                if (tb == null) {
                    return failed(be, label, "unable to find required proxy '" + track.substring(0, slash)
                            + "' for tracking.");
                }
                tracked = tb.server(tn);
                if (tracked == null) {
                    return failed(be, label, "unable to find required server '" + tn + "' for tracking.");
                }
                if (tracked.isDynamic()) {
                    return failed(be, label, "unable to use " + tracked + " for tracking as it is a dynamic server.");
                }
                if (!tracked.spec().check() && !tracked.spec().agent().enabled()) {
                    return failed(be, label, "unable to use " + tracked
                            + " for tracking as it does not have any check nor agent enabled.");
                }
            }
            ip = ServerCommands.literalIp(spec.host().startsWith("[") ? spec.host().substring(1, spec.host().length() - 1)
                    : spec.host());
            if (ip == null) {
                return failed(be, label, "'" + spec.host() + "' is not an IP address: Bascule does not resolve "
                        + "names for dynamic servers yet (HAProxy would create the server without an address).");
            }
            Server s = be.addServer(spec, new InetSocketAddress(ip, spec.port()));
            if (tracked != null) {
                tracked.addTracker(s);
                s.setHealthy(tracked.isHealthy());
                s.setAgentUp(tracked.isAgentUp());
            }
            ctx.checks().addDynamic(s);
        }
        be.messages().notice("CLI : " + label + "New server registered.");
        return "New server registered.\n";
    }

    private static String failed(Backend be, String label, String why) {
        be.messages().alert("CLI : " + label + why);
        return why + "\n";
    }

    private String delete(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        session.omitBlankLine();
        Target t = target(Cli.arg(args, 2));
        if (t.error() != null) {
            return t.error();
        }
        Backend be = t.backend();
        synchronized (be) {
            Server s = be.server(t.server());
            if (s == null) {
                return "No such server.\n";
            }
            if (s.isReferenced()) {
                return "This server cannot be removed at runtime due to other configuration elements pointing to it.\n";
            }
            if (s.adminState() != AdminState.MAINT) {
                return "Only servers in maintenance mode can be deleted.\n";
            }
            if (!be.removeServer(s)) {
                return "Server still has connections attached to it, cannot remove it.\n";
            }
            ctx.checks().remove(s);
        }
        be.messages().notice("CLI : Server deleted.");
        return "Server deleted.\n";
    }
}
