package bascule.model;

/**
 * The agent check of a server ({@code agent-check}, {@code agent-port}, {@code agent-inter},
 * {@code agent-addr}, {@code agent-send}). {@code enabled} false means no agent; {@code inter} 0 means
 * the server's {@code inter}; {@code addr} null means the server's address.
 */
public record AgentSpec(boolean enabled, int port, long inter, String addr, String send) {
    public static final AgentSpec NONE = new AgentSpec(false, 0, 0, null, null);
}
