package bascule.model;

/**
 * Where a server's health probe goes and how it starts: {@code addr} (null = the server's address),
 * {@code port} (0 = the server's port), and {@code sendProxy} ({@code check-send-proxy}: the probe starts
 * with a PROXY protocol v1 header).
 */
public record ServerCheckOptions(String addr, int port, boolean sendProxy) {
    public static final ServerCheckOptions DEFAULT = new ServerCheckOptions(null, 0, false);
}
