package bascule.http;

import bascule.model.GlobalSpec;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * The HTTP/1 codecs of both connections, configured strictly: header names and values validated, bare CR
 * refused, one Content-Length, and the head limited to {@code tune.bufsize}.
 */
final class HttpCodecs {
    static final int DEFAULT_BUFSIZE = 16384;

    private HttpCodecs() {
    }

    private static HttpDecoderConfig config() {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(DEFAULT_BUFSIZE)
                .setMaxHeaderSize(DEFAULT_BUFSIZE)
                .setMaxChunkSize(DEFAULT_BUFSIZE)
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false)
                .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(true));
    }

    static void addClientSide(ChannelPipeline p, GlobalSpec global) {
        p.addLast("http-codec", new HttpServerCodec(config()));
    }

    static void addServerSide(ChannelPipeline p, GlobalSpec global) {
        p.addLast("http-codec", new HttpClientCodec(config(), false, false));
    }

    /** Removes the codecs when a connection becomes a tunnel. */
    static void removeAll(ChannelPipeline p) {
        if (p.get("http-codec") != null) {
            p.remove("http-codec");
        }
    }

    /** The status for a request the decoder refused: 414 for a long request line, 431 for a big head. */
    static int statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return 431;
        }
        return 400;
    }
}
