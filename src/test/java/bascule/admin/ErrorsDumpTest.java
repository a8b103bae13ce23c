package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.proxy.ErrorCapture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The layout of {@code show errors}, as HAProxy 2.6.12 printed the same captures. */
class ErrorsDumpTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String dump(byte[] b) {
        StringBuilder out = new StringBuilder();
        ErrorsDump.bytes(out, b);
        return out.toString();
    }

    @Test
    void requestCapture() {
        ErrorCapture c = new ErrorCapture(1_795_256_000_123L, true, 0, null, null, -1,
                new InetSocketAddress("127.0.0.1", 33888),
                bytes("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"), 28, 16384);
        StringBuilder out = new StringBuilder();
        ErrorsDump.capture(out, c, ZoneOffset.UTC, "fe", 2, -1);
        assertThat(out.toString()).isEqualTo("""
                 \n[21/Nov/2026:10:13:20.123] frontend fe (#2): invalid request
                  backend <NONE> (#-1), server <NONE> (#-1), event #0, src 127.0.0.1:33888
                  buffer starts at 0 (including 0 out), 16342 free,
                  len 42, wraps at 16336, error at position 28
                  H1 connection flags 0x00000100, H1 stream flags 0x00000810
                  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001410
                  H1 chunk len 0 bytes, H1 body len 0 bytes :
                  \n\
                  00000  GET / HTTP/1.1\\r\\n
                  00016  Host: x\\r\\n
                  00025  Bad Header: y\\r\\n
                  00040  \\r\\n
                """);
    }

    @Test
    void responseCaptureNamesFrontendAndServer() {
        ErrorCapture c = new ErrorCapture(0, false, 6, "fe", "s1", 1, new InetSocketAddress("127.0.0.1", 44200),
                bytes("HTTP/1.1 200 OK\r\n\r\nok"), 20, 16384);
        StringBuilder out = new StringBuilder();
        ErrorsDump.capture(out, c, ZoneOffset.UTC, "be", 3, 2);
        assertThat(out.toString())
                .contains("] backend be (#3): invalid response\n")
                .contains("\n  frontend fe (#2), server s1 (#1), event #6, src 127.0.0.1:44200\n")
                .endsWith("  00000  HTTP/1.1 200 OK\\r\\n\n  00017  \\r\\n\n  00019  ok\n");
    }

    @Test
    void totalLine() {
        assertThat(ErrorsDump.total(0, ZoneOffset.UTC, 4)).isEqualTo("Total events captured on [01/Jan/1970:00:00:00.000] : 4\n");
    }

    /** Escapes, and lines cut at 79 columns with the offset of their continuation marked '+'. */
    @Test
    void longLinesAndEscapes() {
        String line = "GET /" + "a".repeat(117) + "?x=\t\u0001\u007f\u0080\u00ff\"\\ HTTP/1.1\r\n";
        assertThat(dump(bytes(line + "Host: x\r\n\r\n"))).isEqualTo(
                "  00000  GET /" + "a".repeat(65) + "\n"
                + "  00070+ " + "a".repeat(52) + "?x=\\t\\x01\\x7F\\x80\n"
                + "  00129+ \\xFF\"\\\\ HTTP/1.1\\r\\n\n"
                + "  00143  Host: x\\r\\n\n"
                + "  00152  \\r\\n\n");
        assertThat(dump(new byte[] {0x1b, 'a'})).isEqualTo("  00000  \\ea\n");
    }

    @Test
    void bareLfEndsALine() {
        assertThat(dump(bytes("a\nb"))).isEqualTo("  00000  a\\n\n  00002  b\n");
    }
}
