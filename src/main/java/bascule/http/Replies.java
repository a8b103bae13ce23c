package bascule.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The responses the proxy writes itself (errors, monitor-uri). */
final class Replies {
    private Replies() {
    }

    static FullHttpResponse error(int status) {
        HttpResponseStatus s = HttpResponseStatus.valueOf(status);
        byte[] body = ("<html><body><h1>" + status + " " + s.reasonPhrase() + "</h1>\n</body></html>\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        return r;
    }
}
