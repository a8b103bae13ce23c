package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rule whose result HTTP cannot carry (a method with a space, say) is a failed rewrite: as in HAProxy's
 * default strict mode the client gets a 500, nothing reaches the server, and the frontend counts it in
 * {@code wrew}, not as a denied request. Blanks around a rendered header value are dropped rather than refused.
 */
class FailedRewriteTest {

    @Test
    void failedRewriteAnswers500AndCountsWrew() throws Exception {
        Path dir = Files.createTempDirectory("bascule-wrew");
        Path sock = dir.resolve("s.sock");
        try (HttpBackend server = HttpBackend.start("srv");
             Instance b = Proxies.start("""
                     global
                         stats socket %s level admin
                     defaults
                         mode http
                         timeout connect 1s
                         timeout client 3s
                         timeout server 3s
                     frontend fe
                         bind 127.0.0.1:0
                         http-request set-method %%[req.hdr(m)] if { req.hdr(m) -m found }
                         http-request set-header X-Pad "  %%[req.hdr(p)]  "
                         http-request redirect location " /elsewhere" if { path /bad-redirect }
                         default_backend be
                     backend be
                         server s1 127.0.0.1:%d
                     """.formatted(sock, server.port()))) {
            int port = Proxies.port(b);
            HttpConn.Response bad = HttpConn.get(port, "/", "m: BAD METHOD");
            assertThat(bad.status()).isEqualTo(500);
            assertThat(bad.text()).contains("500 Internal Server Error");
            assertThat(server.requests()).isEmpty();

            // a redirect target Netty refuses (a leading blank): an internal error, still answered
            HttpConn.Response internal = HttpConn.get(port, "/bad-redirect");
            assertThat(internal.status()).isEqualTo(500);

            HttpConn.Response ok = HttpConn.get(port, "/", "p: v");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(server.last().header("X-Pad")).isEqualTo("v");

            Await.until("the 500 is counted", Duration.ofSeconds(5),
                    () -> field(sock, "fe,FRONTEND", "hrsp_5xx").equals("2"));
            assertThat(field(sock, "fe,FRONTEND", "wrew")).isEqualTo("1");
            assertThat(field(sock, "fe,FRONTEND", "dreq")).isEqualTo("0");
            assertThat(field(sock, "be,BACKEND", "wrew")).isEqualTo("0");
        }
    }

    private static String field(Path sock, String row, String name) {
        String[] lines;
        try {
            lines = CliClient.ask(sock, "show stat\n").split("\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> header = Arrays.asList(lines[0].replaceFirst("^# ", "").split(",", -1));
        for (String line : lines) {
            if (line.startsWith(row + ",")) {
                return line.split(",", -1)[header.indexOf(name)];
            }
        }
        throw new AssertionError("no row " + row);
    }
}
