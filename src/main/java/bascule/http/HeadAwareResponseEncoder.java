package bascule.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.util.Queue;

/**
 * Netty's response encoder, told which responses answer a HEAD request: those keep their framing headers
 * but carry no body, so no chunk terminator may be written for them. Interim (1xx) responses other than
 * 101 leave their request pending; every other response ends one.
 */
final class HeadAwareResponseEncoder extends HttpResponseEncoder {
    private final Queue<HttpMethod> methods;

    HeadAwareResponseEncoder(Queue<HttpMethod> methods) {
        this.methods = methods;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse response) {
        int code = response.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            return super.isContentAlwaysEmpty(response);
        }
        HttpMethod method = methods.poll();
        return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(response);
    }
}
