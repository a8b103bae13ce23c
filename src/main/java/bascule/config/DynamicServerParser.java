package bascule.config;

import bascule.model.Address;
import bascule.model.Position;
import bascule.model.ServerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The words of the runtime API's {@code add server <b>/<s> <addr:port> [options]} turned into a
 * {@link ServerSpec}, with the server-line options HAProxy accepts for a dynamic server. As in HAProxy,
 * nothing comes from the backend's {@code default-server}: a dynamic server starts from the plain defaults.
 * Options HAProxy refuses for dynamic servers get its "not accepted" answer. Agent options are taken as on a
 * configuration line ({@code agent-check} needs {@code agent-port} or {@code port}); the agent check, like the
 * health check, stays off until enabled (see {@link bascule.check.HealthChecks#addDynamic}). Errors are {@link ConfigException}s whose
 * {@link ConfigException#detail()} is the answer for the operator.
 */
public final class DynamicServerParser {
    /** Where a dynamic server comes from, for positions in messages. */
    public static final Position CLI = new Position("stats socket command", 0);

    /** Server options that HAProxy 2.6 refuses on {@code add server}. */
    private static final Set<String> NOT_ACCEPTED = Set.of("cookie", "no-check", "no-check-send-proxy",
            "no-agent-check", "redir", "init-addr", "resolvers", "resolve-prefer", "resolve-net", "resolve-opts",
            "namespace", "no-send-proxy", "no-send-proxy-v2");

    private DynamicServerParser() {
    }

    /**
     * @param words the server name, the address, then options (what follows {@code add server <b>/})
     * @param id the id to give when no {@code id} option is present (the backend's next free one); the caller
     *     checks that a configured {@code id} is free
     */
    public static ServerSpec parse(List<String> words, int id) throws ConfigException {
        if (words.size() < 2 || words.get(1).isEmpty()) {
            throw new ConfigException(CLI, "'server' expects <name> and <addr>[:<port>] as arguments.");
        }
        String name = words.get(0);
        for (String w : words.subList(2, words.size())) {
            if (NOT_ACCEPTED.contains(w)) {
                throw new ConfigException(CLI, "'" + w + "' option is not accepted for dynamic server");
            }
        }
        List<String> line = new ArrayList<>();
        line.add("server");
        line.addAll(words);
        ConfigLine config = new ConfigLine(CLI, line);
        Address a = AddressParser.parse(words.get(1), CLI, false);
        if (a.family() == Address.Family.UNIX || a.family() == Address.Family.FD || a.anyHost()
                || a.portLow() != a.portHigh()) {
            throw new ConfigException(CLI, "'" + words.get(1) + "' is not an address Bascule can use for a dynamic "
                    + "server; give an IPv4 or IPv6 address and a port");
        }
        ServerOptions o = new ServerOptions();
        ServerBinder.apply(config, 3, o, false);
        if (o.check && o.track != null) {
            throw new ConfigException(CLI, "unable to enable checks and tracking at the same time!");
        }
        if (o.agent.enabled() && o.agent.portOr(o.checkPort) <= 0) {
            // HAProxy's words; unlike a configured server, the dynamic one is then not created at all
            throw new ConfigException(CLI, "server " + name + " does not have agent port. Agent check has been "
                    + "disabled.");
        }
        return new ServerSpec(name, a.host(), a.port(), o.id > 0 ? o.id : id, o.weight, o.backup, o.disabled,
                o.maxconn, o.check, o.inter, o.fastinter > 0 ? o.fastinter : o.inter,
                o.downinter > 0 ? o.downinter : o.inter, o.rise, o.fall,
                new bascule.model.ServerCheckOptions(o.checkAddr, o.checkPort, o.checkSendProxy), o.agent,
                o.slowstart, o.track, o.onMarkedDown, o.onMarkedUp, CLI, null);
    }
}
