package bascule.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * An answer made inside Bascule instead of by a server: the stats page, the Prometheus exporter (HAProxy's
 * applets and {@code use-service}). It runs on the client's event loop once the whole request (head and body,
 * bounded by {@code tune.bufsize}) arrived, so it must be quick and must not block. The session owns the
 * returned response and ends the transaction with it, as for any reply Bascule makes; a {@code Connection: close}
 * header on it closes the client connection after it (the session writes the header itself).
 */
public interface HttpService {
    /** The name logs show in place of a server, as HAProxy does ({@code <STATS>}, {@code <PROMEX>}). */
    String logName();

    FullHttpResponse serve(ServiceRequest request);
}
