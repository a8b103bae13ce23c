package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing what an HTTP check received so far: framing decides when a body is complete. */
class HttpCheckResponseTest {
    private static HttpCheckResponse parse(String text, boolean endOfStream, boolean head) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return HttpCheckResponse.parse(b, b.length, endOfStream, head);
    }

    private static String body(HttpCheckResponse r) {
        return new String(r.body(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void contentLengthBodyIsCompleteOnlyWhenAllThere() {
        HttpCheckResponse partial = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345", false, false);
        assertThat(partial.state()).isEqualTo(HttpCheckResponse.State.HEADERS);
        assertThat(partial).extracting(HttpCheckResponse::status, HttpCheckResponse::reason,
                HttpCheckResponse::complete).containsExactly(200, "OK", false);
        assertThat(body(partial)).isEqualTo("12345");
        HttpCheckResponse full = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n12345trailing", false, false);
        assertThat(full.complete()).isTrue();
        assertThat(body(full)).isEqualTo("12345");
    }

    @Test
    void chunkedBodyIsDecoded() {
        String head = "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n";
        HttpCheckResponse r = parse(head + "4\r\nfoo \r\n3;x=y\r\nbar\r\n0\r\n\r\n", false, false);
        assertThat(r).extracting(HttpCheckResponse::status, HttpCheckResponse::reason, HttpCheckResponse::complete)
                .containsExactly(503, "Service Unavailable", true);
        assertThat(body(r)).isEqualTo("foo bar");
        HttpCheckResponse cut = parse(head + "4\r\nfo", false, false);
        assertThat(cut.complete()).isFalse();
        assertThat(body(cut)).isEqualTo("fo");
        assertThat(parse(head + "zz\r\n", false, false).state()).isEqualTo(HttpCheckResponse.State.MALFORMED);
    }

    @Test
    void bodyUntilCloseAndBodilessResponses() {
        assertThat(parse("HTTP/1.0 200 OK\r\n\r\nabc", false, false).complete()).isFalse();
        assertThat(parse("HTTP/1.0 200 OK\r\n\r\nabc", true, false).complete()).isTrue();
        assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n", false, false).complete()).isTrue();
        assertThat(parse("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", false, true).complete()).isTrue();
        HttpCheckResponse bare = parse("HTTP/1.1 200\n\n", false, false);
        assertThat(bare).extracting(HttpCheckResponse::status, HttpCheckResponse::reason).containsExactly(200, "");
    }

    @Test
    void interimResponsesAreSkipped() {
        HttpCheckResponse r = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
                false, false);
        assertThat(r).extracting(HttpCheckResponse::status, HttpCheckResponse::complete).containsExactly(404, true);
    }

    @Test
    void garbageIsMalformedAtOnceAndAPrefixIsIncomplete() {
        assertThat(parse("garbage\r\n\r\n", false, false).state()).isEqualTo(HttpCheckResponse.State.MALFORMED);
        assertThat(parse("SSH-2.0", false, false).state()).isEqualTo(HttpCheckResponse.State.MALFORMED);
        assertThat(parse("HTT", false, false).state()).isEqualTo(HttpCheckResponse.State.INCOMPLETE);
        assertThat(parse("HTTP/1.1 200 OK\r\nX: y\r\n", false, false).state())
                .isEqualTo(HttpCheckResponse.State.INCOMPLETE);
        assertThat(parse("HTTP/1.1 2000 OK\r\n\r\n", false, false).state()).isEqualTo(HttpCheckResponse.State.MALFORMED);
    }
}
