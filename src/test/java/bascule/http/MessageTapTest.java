package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The codecs attach a refused message's bytes, from its first byte, to the {@link HttpError}: whether the
 * decoder or a validator refused it, in one read or several, after earlier messages on the connection; and
 * every buffer is released.
 */
class MessageTapTest {
    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    /** Feeds the reads to a client-side codec; returns the HttpError passed on, or null. */
    private static HttpError request(String... reads) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Http1Codecs.addClientSide(ch.pipeline(), HttpLimits.DEFAULTS);
        List<ByteBuf> sent = new ArrayList<>();
        for (String r : reads) {
            ByteBuf b = bytes(r);
            sent.add(b);
            ch.writeInbound(b);
        }
        ch.finish();
        HttpError error = null;
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof HttpError e) {
                error = e;
            }
            ReferenceCountUtil.release(o);
        }
        for (ByteBuf b : sent) {
            assertThat(b.refCnt()).isZero();
        }
        return error;
    }

    private static HttpError response(String... reads) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Http1Codecs.addServerSide(ch.pipeline(), HttpLimits.DEFAULTS);
        ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        ReferenceCountUtil.release(ch.readOutbound());
        List<ByteBuf> sent = new ArrayList<>();
        for (String r : reads) {
            ByteBuf b = bytes(r);
            sent.add(b);
            ch.writeInbound(b);
        }
        ch.finish();
        HttpError error = null;
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof HttpError e) {
                error = e;
            }
            ReferenceCountUtil.release(o);
        }
        for (ByteBuf b : sent) {
            assertThat(b.refCnt()).isZero();
        }
        return error;
    }

    private static String text(HttpError e) {
        assertThat(e).isNotNull();
        assertThat(e.raw()).as("captured bytes of %s", e).isNotNull();
        return new String(e.raw().bytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void decoderFaultKeepsTheWholeRequest() {
        String req = "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n";
        HttpError e = request(req);
        assertThat(text(e)).isEqualTo(req);
        assertThat(e.raw().errorAt()).isEqualTo(28);
    }

    @Test
    void validatorFaultKeepsTheHeadAndWhatFollowed() {
        String req = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi";
        HttpError e = request(req);
        assertThat(text(e)).isEqualTo(req);
        assertThat(e.raw().errorAt()).isEqualTo(req.indexOf("3\r\n"));
    }

    @Test
    void bodyFaultKeepsTheMessageFromItsHead() {
        String req = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        HttpError e = request(req);
        assertThat(text(e)).isEqualTo(req);
        assertThat(e.raw().errorAt()).isEqualTo(req.indexOf("zz"));
    }

    @Test
    void headInSeveralReads() {
        HttpError e = request("GET / HTTP/1.1\r\nHo", "st: x\r\nBad", " Header: y\r\n\r\n");
        assertThat(text(e)).isEqualTo("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n");
    }

    @Test
    void laterRequestOnTheConnectionStartsAtItsOwnFirstByte() {
        String bad = "GET / HTTP/1.x\r\nHost: x\r\n\r\n";
        HttpError e = request("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n", bad);
        assertThat(text(e)).isEqualTo(bad);
        assertThat(e.raw().errorAt()).isEqualTo(13);
        HttpError pipelined = request("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n" + bad);
        assertThat(text(pipelined)).isEqualTo(bad);
    }

    @Test
    void controlCharacterInTarget() {
        String req = "GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n";
        HttpError e = request(req);
        assertThat(text(e)).isEqualTo(req);
        assertThat(e.raw().errorAt()).isEqualTo(5);
    }

    @Test
    void cutShortIsNotCaptured() {
        HttpError e = request("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(e).isNotNull();
        assertThat(e.raw()).isNull();
    }

    @Test
    void responseFaults() {
        String bad = "HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 2\r\n\r\nok";
        HttpError e = response(bad);
        assertThat(text(e)).isEqualTo(bad);
        assertThat(e.raw().errorAt()).isEqualTo(20);
        String chunk = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n";
        assertThat(response(chunk).raw().errorAt()).isEqualTo(47);
    }

    @Test
    void captureIsCappedAtBufsize() {
        String req = "GET /" + "a".repeat(20000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        HttpError e = request(req);
        assertThat(e.raw().bytes()).hasSize(HttpLimits.DEFAULTS.bufsize());
    }
}
