package bascule.http;

import bascule.model.ErrorResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Turns an error page into a Netty response for the client's encoder. */
final class Replies {
    private Replies() {
    }

    /**
     * The page as a response object, with HAProxy's {@code connection} field: {@code close} when the
     * connection ends after it, {@code keep-alive} when it stays open for an HTTP/1.0 client or page.
     */
    static FullHttpResponse of(ErrorPage page, boolean keepAlive, boolean http10Client) {
        ErrorResponse r = page.response();
        boolean http10Page = r.version().equals("HTTP/1.0");
        FullHttpResponse out = new DefaultFullHttpResponse(http10Page ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                new HttpResponseStatus(r.status(), r.reason()), Unpooled.wrappedBuffer(r.body()));
        for (ErrorResponse.Header h : r.headers()) {
            out.headers().add(h.name(), h.value());
        }
        if (keepAlive && (http10Page || http10Client)) {
            out.headers().add("connection", "keep-alive");
        } else if (!keepAlive && !http10Page) {
            out.headers().add("connection", "close");
        }
        return out;
    }
}
