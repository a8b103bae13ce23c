package bascule.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * The header map the decoders fill: Netty's validating headers that also keep every Content-Length value as
 * received. Netty merges several Content-Length fields into one before anyone sees the message, and in
 * HTTP/1.0 it silently keeps the first of differing values; {@link HeadRules} checks the originals.
 */
final class DecodedHeaders extends DefaultHttpHeaders {
    private static final DefaultHttpHeadersFactory VALIDATING = DefaultHttpHeadersFactory.headersFactory();

    static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new DecodedHeaders();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return new DecodedHeaders();
        }
    };

    private List<String> receivedLengths;

    private DecodedHeaders() {
        super(VALIDATING.getNameValidator(), VALIDATING.getValueValidator());
    }

    /** Every Content-Length value as received, in order; null when there was none. */
    List<String> receivedLengths() {
        return receivedLengths;
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        note(name, value);
        return super.add(name, value);
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        note(name, value);
        return super.add(name, value);
    }

    private void note(CharSequence name, Object value) {
        if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONTENT_LENGTH)) {
            if (receivedLengths == null) {
                receivedLengths = new ArrayList<>(2);
            }
            receivedLengths.add(String.valueOf(value));
        }
    }
}
