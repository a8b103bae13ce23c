package bascule.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayDeque;

/**
 * Installs the strict HTTP/1 codec on a channel. The handlers after it see valid {@code HttpRequest} or
 * {@code HttpResponse}, {@code HttpContent} and {@code LastHttpContent} objects unchanged and in order, or
 * one {@link HttpError} in their place, after which nothing more arrives from that connection.
 *
 * <p>Netty's decoder does the parsing, configured strictly: CRLF line ends only, header names and values
 * validated (no CTLs, no bare CR, no whitespace before the colon), several Content-Length values rejected
 * unless equal, head limits from {@link HttpLimits}. The validators add HAProxy's rules and a few stricter
 * ones; see {@link RequestValidator} and the corpus in {@code src/test/resources/http/malformed}.
 */
public final class Http1Codecs {
    /** Handler names, so that the engine can add its own handlers after them. */
    public static final String DECODER = "http1-decoder";
    public static final String ENCODER = "http1-encoder";
    public static final String CLIENT_CODEC = "http1-client-codec";
    public static final String VALIDATOR = "http1-validator";

    private Http1Codecs() {
    }

    /** On a client (frontend) connection: request decoder, response encoder, request validation. */
    public static void addClientSide(ChannelPipeline p, HttpLimits limits) {
        ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
        MessageTap tap = new MessageTap(true, limits.bufsize());
        p.addLast(DECODER, new StrictRequestDecoder(decoderConfig(limits), methods, tap));
        p.addLast(ENCODER, new HeadAwareResponseEncoder(methods));
        p.addLast(VALIDATOR, new RequestValidator(limits, tap));
    }

    /**
     * On a connection to a server: request encoder and response decoder ({@link ServerCodec}, which pairs
     * responses with HEAD requests), then response validation; faults become {@code HttpError(502)}.
     */
    public static void addServerSide(ChannelPipeline p, HttpLimits limits) {
        MessageTap tap = new MessageTap(false, limits.bufsize());
        p.addLast(CLIENT_CODEC, new ServerCodec(decoderConfig(limits), tap));
        p.addLast(VALIDATOR, new ResponseValidator(limits, tap));
    }

    static HttpDecoderConfig decoderConfig(HttpLimits limits) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.headLimit())
                .setMaxHeaderSize(limits.headLimit())
                .setMaxChunkSize(limits.bufsize())
                .setValidateHeaders(true)
                .setHeadersFactory(DecodedHeaders.FACTORY)
                .setStrictLineParsing(true)
                // Netty then still rejects differing values; equal ones are checked again and merged by
                // HeadRules for HTTP/1.0 too.
                .setAllowDuplicateContentLengths(true);
    }
}
