package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server side (responses from a backend), the HEAD-aware response encoder, and request normalization. */
class Http1CodecsTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    /** Sends one GET (or HEAD) through the server-side codec, feeds the response bytes, lists the outcome. */
    private static List<String> response(HttpMethod method, String raw) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Http1Codecs.addServerSide(ch.pipeline(), HttpLimits.DEFAULTS);
        ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/"));
        ReferenceCountUtil.release(ch.readOutbound());
        ByteBuf in = bytes(raw);
        ch.writeInbound(in);
        ch.finish();
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof HttpError e) {
                out.add(Integer.toString(e.status()));
            } else if (o instanceof HttpResponse r) {
                out.add("head " + r.status().code());
            }
            if (o instanceof HttpContent c && c.content().isReadable()) {
                out.add("body " + c.content().toString(StandardCharsets.ISO_8859_1));
            }
            if (o instanceof LastHttpContent) {
                out.add("end");
            }
            ReferenceCountUtil.release(o);
        }
        assertThat(in.refCnt()).isZero();
        return out;
    }

    @Test
    void validResponsePassesIntact() {
        assertThat(response(HttpMethod.GET, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"))
                .containsExactly("head 200", "body hi", "end");
    }

    @Test
    void responseToHeadHasNoBodyDespiteContentLength() {
        assertThat(response(HttpMethod.HEAD, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"))
                .containsExactly("head 200", "end");
    }

    @Test
    void closeDelimitedResponseEndsAtClose() {
        assertThat(response(HttpMethod.GET, "HTTP/1.0 200 OK\r\n\r\nabc"))
                .containsExactly("head 200", "body abc", "end");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "conflicting lengths | HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\nhi",
            "bad length          | HTTP/1.1 200 OK\\r\\nContent-Length: x\\r\\n\\r\\nhi",
            "chunked not last    | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n",
            "HTTP/1.0 chunked    | HTTP/1.0 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n",
            "version 2.0         | HTTP/2.0 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n",
            "bare LF             | HTTP/1.1 200 OK\\nContent-Length: 0\\n\\n",
            "CTL in value        | HTTP/1.1 200 OK\\r\\nX: a\\u0001b\\r\\nContent-Length: 0\\r\\n\\r\\n",
            "not HTTP            | SSH-2.0-OpenSSH\\r\\n\\r\\n"})
    void invalidResponseHeadIs502BeforeAnythingPasses(String name, String raw) {
        assertThat(response(HttpMethod.GET, unescape(raw))).as(name).containsExactly("502");
    }

    @Test
    void badChunkAfterTheHeadIs502AfterIt() {
        assertThat(response(HttpMethod.GET,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\nzz\r\n"))
                .containsExactly("head 200", "body hi", "502");
    }

    @Test
    void responseCutShortIs502() {
        assertThat(response(HttpMethod.GET, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhi"))
                .containsExactly("head 200", "body hi", "502");
    }

    @Test
    void interimContinueThenFinalResponse() {
        assertThat(response(HttpMethod.GET,
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"))
                .containsExactly("head 100", "end", "head 200", "body x", "end");
    }

    @Test
    void responseEncoderWritesNoChunkTerminatorForHead() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Http1Codecs.addClientSide(ch.pipeline(), HttpLimits.DEFAULTS);
        ch.writeInbound(bytes("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        Object o;
        while ((o = ch.readInbound()) != null) {
            ReferenceCountUtil.release(o);
        }
        for (int i = 0; i < 2; i++) {
            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
            ch.writeOutbound(r, LastHttpContent.EMPTY_LAST_CONTENT);
        }
        StringBuilder wire = new StringBuilder();
        while ((o = ch.readOutbound()) != null) {
            wire.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
            ReferenceCountUtil.release(o);
        }
        String chunkedHead = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
        assertThat(wire.toString()).isEqualTo(chunkedHead + chunkedHead + "0\r\n\r\n");
        ch.finishAndReleaseAll();
    }

    @Test
    void equalContentLengthsAreForwardedAsOne() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Http1Codecs.addClientSide(ch.pipeline(), HttpLimits.DEFAULTS);
        ch.writeInbound(bytes("POST / HTTP/1.0\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nhi"));
        HttpRequest request = ch.readInbound();
        assertThat(request.headers().getAll(HttpHeaderNames.CONTENT_LENGTH)).containsExactly("2");
        ch.finishAndReleaseAll();
    }

    @Test
    void contentLengthWithChunkedIsDroppedAndChunkedRead() {
        EmbeddedChannel ch = new EmbeddedChannel();
        Http1Codecs.addClientSide(ch.pipeline(), HttpLimits.DEFAULTS);
        ch.writeInbound(bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n"));
        HttpRequest request = ch.readInbound();
        assertThat(request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
        assertThat(request.headers().get(HttpHeaderNames.TRANSFER_ENCODING)).isEqualTo("chunked");
        ch.finishAndReleaseAll();
    }

    @Test
    void limitsFollowHaproxyBuffers() {
        assertThat(HttpLimits.DEFAULTS.headLimit()).isEqualTo(16384 - 1024);
        assertThat(new HttpLimits(1024, 10).headLimit()).isEqualTo(512);
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001");
    }
}
