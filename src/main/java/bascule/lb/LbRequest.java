package bascule.lb;

import bascule.sample.HttpMessageView;
import bascule.sample.SampleContext;

/**
 * The facts of one new stream an algorithm may hash on. {@code source} is the client address bytes
 * (4 for IPv4, 16 for IPv6), or null when unknown (a UNIX socket client). {@code context} is what
 * {@code balance uri}, {@code url_param}, {@code hdr} and {@code hash} read: in HTTP mode the
 * transaction, whose {@link SampleContext#request()} is the request head; null in TCP mode, where those
 * algorithms fall back to round-robin.
 */
public record LbRequest(byte[] source, SampleContext context) {
    public static final LbRequest NONE = new LbRequest(null, null);

    public LbRequest(byte[] source) {
        this(source, null);
    }

    /** The HTTP request head, or null outside HTTP mode. */
    public HttpMessageView httpRequest() {
        return context == null ? null : context.request();
    }
}
