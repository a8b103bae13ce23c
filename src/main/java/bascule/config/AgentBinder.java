package bascule.config;

/** The agent-check options of {@code server} and {@code default-server} lines. */
final class AgentBinder {
    private AgentBinder() {
    }

    /**
     * Applies the agent option at word {@code i} (and its argument, if any) to {@code o}; returns the index
     * of the last word consumed.
     */
    static int apply(ConfigLine line, int i, ServerOptions o) throws ConfigException {
        throw new ConfigException(line.position(), "server option '" + line.word(i)
                + "' is not supported yet: it arrives with advanced health checks (see docs/compatibility.md)");
    }
}
