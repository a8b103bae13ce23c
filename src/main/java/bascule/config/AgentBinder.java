package bascule.config;

import bascule.model.AgentSpec;
import bascule.model.ProxySpec;
import bascule.model.ServerSpec;
import java.util.Optional;

/**
 * The agent-check options of {@code server} and {@code default-server} lines: {@code agent-check},
 * {@code no-agent-check}, {@code agent-port}, {@code agent-inter}, {@code agent-addr} and {@code agent-send}.
 * As in HAProxy, {@code agent-port} wins over {@code port} and {@code agent-addr} over {@code addr} whatever
 * their order, and a server with {@code agent-check} must end up with a port ({@link #validate}).
 */
final class AgentBinder {
    private AgentBinder() {
    }

    /**
     * Applies the agent option at word {@code i} (and its argument, if any) to {@code o}; returns the index
     * of the last word consumed.
     */
    static int apply(ConfigLine line, int i, ServerOptions o) throws ConfigException {
        String w = line.word(i);
        switch (w) {
            case "agent-check" -> o.agent = o.agent.withEnabled(true);
            case "no-agent-check" -> o.agent = o.agent.withEnabled(false);
            case "agent-port" -> {
                argument(line, i, "a port number (1-65535)");
                o.agent = o.agent.withPort(Words.integer(line, ++i, "agent-port", 1, 65535));
            }
            case "agent-inter" -> {
                argument(line, i, "a delay such as 2s or 500ms");
                long v = Words.time(line, ++i, "agent-inter");
                if (v <= 0) {
                    throw new ConfigException(line.position(), "'agent-inter' must be greater than 0");
                }
                o.agent = o.agent.withInter(v);
            }
            case "agent-addr" -> {
                String a = argument(line, i, "an IP address or host name (the port is set with 'agent-port')");
                i++;
                if (a.indexOf(':') >= 0 && a.indexOf(':') == a.lastIndexOf(':')) {
                    throw new ConfigException(line.position(), "'agent-addr' expects an address without port "
                            + "but got '" + a + "' (set the port with 'agent-port')");
                }
                o.agent = o.agent.withAddr(a);
            }
            case "agent-send" -> {
                String s = argument(line, i, "a string to send to the agent (e.g. \"backend-a\\n\")");
                i++;
                o.agent = o.agent.withSend(s);
            }
            default -> throw new IllegalArgumentException("not an agent option: " + w);
        }
        return i;
    }

    /**
     * HAProxy refuses a server whose agent has no port ("does not have agent port"): neither
     * {@code agent-port} nor {@code port} was given, on the line or by {@code default-server}.
     */
    static Optional<ConfigException> validate(ProxySpec p, ServerSpec s) {
        AgentSpec a = s.agent();
        if (!a.enabled() || a.portOr(s.checks().port()) > 0) {
            return Optional.empty();
        }
        return Optional.of(new ConfigException(s.position(), p.kind().keyword() + " '" + p.name() + "', server '"
                + s.name() + "': 'agent-check' needs a port: add 'agent-port <port>' (or 'port <port>', "
                + "which the agent also uses when 'agent-port' is not set)"));
    }

    private static String argument(ConfigLine line, int i, String what) throws ConfigException {
        String v = line.word(i + 1);
        if (v == null || v.isEmpty()) {
            throw new ConfigException(line.position(), "'" + line.word(i) + "' expects " + what);
        }
        return v;
    }
}
