package bascule.model;

/**
 * Proxy timeouts in milliseconds; 0 means "not set" (infinite), as in HAProxy.
 * {@code tunnel}, {@code clientFin} and {@code serverFin} fall back to other timeouts when unset,
 * which the accessors below resolve once, at build time.
 */
public record Timeouts(long connect, long client, long server, long tunnel, long clientFin, long serverFin,
                       long queue, long check) {
    public static final Timeouts NONE = new Timeouts(0, 0, 0, 0, 0, 0, 0, 0);

    public Timeouts with(String which, long ms) {
        return switch (which) {
            case "connect" -> new Timeouts(ms, client, server, tunnel, clientFin, serverFin, queue, check);
            case "client" -> new Timeouts(connect, ms, server, tunnel, clientFin, serverFin, queue, check);
            case "server" -> new Timeouts(connect, client, ms, tunnel, clientFin, serverFin, queue, check);
            case "tunnel" -> new Timeouts(connect, client, server, ms, clientFin, serverFin, queue, check);
            case "client-fin" -> new Timeouts(connect, client, server, tunnel, ms, serverFin, queue, check);
            case "server-fin" -> new Timeouts(connect, client, server, tunnel, clientFin, ms, queue, check);
            case "queue" -> new Timeouts(connect, client, server, tunnel, clientFin, serverFin, ms, check);
            case "check" -> new Timeouts(connect, client, server, tunnel, clientFin, serverFin, queue, ms);
            default -> throw new IllegalArgumentException(which);
        };
    }

    /** Idle timeout on the client side of an established TCP stream: tunnel wins when set. */
    public long clientIdle() {
        return tunnel > 0 ? tunnel : client;
    }

    /** Idle timeout on the server side of an established TCP stream: tunnel wins when set. */
    public long serverIdle() {
        return tunnel > 0 ? tunnel : server;
    }
}
