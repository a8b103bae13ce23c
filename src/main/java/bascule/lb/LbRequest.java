package bascule.lb;

/**
 * The facts of one new stream an algorithm may hash on. {@code source} is the client address bytes
 * (4 for IPv4, 16 for IPv6), or null when unknown (a UNIX socket client).
 */
public record LbRequest(byte[] source) {
    public static final LbRequest NONE = new LbRequest(null);
}
