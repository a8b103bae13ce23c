package bascule.model;

/**
 * Proxy timeouts in milliseconds; 0 means "not set" (infinite), as in HAProxy.
 * {@code tunnel}, {@code clientFin} and {@code serverFin} fall back to other timeouts when unset,
 * which the accessors below resolve once, at build time. {@code httpRequest}, {@code httpKeepAlive} and
 * {@code tarpit} are used in HTTP mode.
 */
public record Timeouts(long connect, long client, long server, long tunnel, long clientFin, long serverFin,
                       long queue, long check, long httpRequest, long httpKeepAlive, long tarpit) {
    public static final Timeouts NONE = new Timeouts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public Timeouts with(String which, long ms) {
        long[] v = {connect, client, server, tunnel, clientFin, serverFin, queue, check, httpRequest, httpKeepAlive,
                tarpit};
        int i = switch (which) {
            case "connect" -> 0;
            case "client" -> 1;
            case "server" -> 2;
            case "tunnel" -> 3;
            case "client-fin" -> 4;
            case "server-fin" -> 5;
            case "queue" -> 6;
            case "check" -> 7;
            case "http-request" -> 8;
            case "http-keep-alive" -> 9;
            case "tarpit" -> 10;
            default -> throw new IllegalArgumentException(which);
        };
        v[i] = ms;
        return new Timeouts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    /** Idle timeout on the client side of an established TCP stream: tunnel wins when set. */
    public long clientIdle() {
        return tunnel > 0 ? tunnel : client;
    }

    /** Idle timeout on the server side of an established TCP stream: tunnel wins when set. */
    public long serverIdle() {
        return tunnel > 0 ? tunnel : server;
    }

    /** How long a request head may take to arrive: {@code timeout http-request}, else {@code timeout client}. */
    public long requestHead() {
        return httpRequest > 0 ? httpRequest : client;
    }

    /**
     * How long a keep-alive client may stay idle between requests: {@code timeout http-keep-alive}, else
     * {@code timeout http-request}, else {@code timeout client}, as in HAProxy.
     */
    public long keepAliveIdle() {
        return httpKeepAlive > 0 ? httpKeepAlive : requestHead();
    }

    /** How long a tarpitted request is held: {@code timeout tarpit}, else {@code timeout connect}. */
    public long tarpitHold() {
        return tarpit > 0 ? tarpit : connect;
    }
}
