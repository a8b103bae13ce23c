package bascule.model;

/**
 * The agent check of a server ({@code agent-check}, {@code agent-port}, {@code agent-inter},
 * {@code agent-addr}, {@code agent-send}). {@code enabled} false means no agent. {@code port} 0 and
 * {@code addr} null mean "not set": the agent then uses the health check's {@code port} and {@code addr}
 * (see {@link #portOr}, {@link #addrOr}), as HAProxy does. {@code inter} is in milliseconds; like HAProxy
 * it defaults to 2000 ms, not to the server's {@code inter}. {@code send} is sent verbatim on connect
 * (null = nothing).
 */
public record AgentSpec(boolean enabled, int port, long inter, String addr, String send) {
    /** HAProxy's default {@code agent-inter} ({@code DEF_CHKINTR}). */
    public static final long DEFAULT_INTER_MILLIS = 2000;

    public static final AgentSpec NONE = new AgentSpec(false, 0, DEFAULT_INTER_MILLIS, null, null);

    /** The agent's port: {@code agent-port}, else the health check's {@code port}; 0 if neither is set. */
    public int portOr(int checkPort) {
        return port > 0 ? port : checkPort;
    }

    /** The agent's host: {@code agent-addr}, else the health check's {@code addr}; null = the server's address. */
    public String addrOr(String checkAddr) {
        return addr != null ? addr : checkAddr;
    }

    public AgentSpec withEnabled(boolean on) {
        return new AgentSpec(on, port, inter, addr, send);
    }

    public AgentSpec withPort(int p) {
        return new AgentSpec(enabled, p, inter, addr, send);
    }

    public AgentSpec withInter(long millis) {
        return new AgentSpec(enabled, port, millis, addr, send);
    }

    public AgentSpec withAddr(String a) {
        return new AgentSpec(enabled, port, inter, a, send);
    }

    public AgentSpec withSend(String s) {
        return new AgentSpec(enabled, port, inter, addr, s);
    }
}
