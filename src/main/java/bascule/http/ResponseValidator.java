package bascule.http;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMessageDecoderResult;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The response rules of a connection to a server: HTTP/1.0 or 1.1 only, a status from 100 to 599, the head
 * size and header count limits, and the framing rules of {@link HeadRules}. Every fault is a 502 for the
 * client: the server's answer cannot be relayed safely.
 */
final class ResponseValidator extends MessageValidator {
    private final HttpLimits limits;

    ResponseValidator(HttpLimits limits, MessageTap tap) {
        super(tap);
        this.limits = limits;
    }

    @Override
    HttpError decoderError(Throwable cause) {
        return new HttpError(502, "invalid response from server: " + cause.getMessage());
    }

    @Override
    HttpError bodyError(String reason) {
        return new HttpError(502, "invalid response body from server: " + reason);
    }

    @Override
    HttpError check(HttpMessage head) {
        HttpResponse response = (HttpResponse) head;
        HttpVersion version = response.protocolVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            return new HttpError(502, "invalid response from server: version " + version);
        }
        int code = response.status().code();
        if (code < 100 || code > 599) {
            return new HttpError(502, "invalid response from server: status " + code);
        }
        if (head.decoderResult() instanceof HttpMessageDecoderResult sizes
                && sizes.totalSize() > limits.headLimit()) {
            return new HttpError(502, "response head from server larger than " + limits.headLimit() + " bytes");
        }
        HttpError error = HeadRules.walk(response, limits, 502, new HeadRules.Fields());
        return error == null ? null
                : new HttpError(502, "invalid response from server: " + error.reason());
    }
}
