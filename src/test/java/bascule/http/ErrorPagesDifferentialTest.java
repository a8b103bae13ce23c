package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.model.Model;
import bascule.testing.HaproxyOracle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bascule's error pages byte for byte against the real HAProxy 2.6. How HAProxy is made to send each page:
 * <ul>
 *   <li>200: {@code monitor-uri};</li>
 *   <li>403: plain {@code http-request deny}; other codes: {@code http-request deny deny_status <code>}
 *       (not {@code http-request return status}, which sends an empty body);</li>
 *   <li>503: a backend without any server; 504: a server that accepts and never answers, after
 *       {@code timeout server};</li>
 *   <li>400 from the parser: a header name with a space; 408: a request left incomplete past
 *       {@code timeout http-request}; both come verbatim from HAProxy's table ({@link ErrorPages#parserError})
 *       even when an errorfile for that code exists;</li>
 *   <li>a custom {@code errorfile}: an HTTP/1.0 page with mixed-case names, re-encoded by HAProxy.</li>
 * </ul>
 * Requests carry {@code Connection: close} so that the whole response ends with the connection.
 */
@Timeout(60)
class ErrorPagesDifferentialTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void haproxyInstalled() {
        HaproxyOracle.assumeAvailable();
    }

    @Test
    void builtInAndCustomPagesMatchHaproxy() throws Exception {
        Path custom = dir.resolve("403.http");
        Files.writeString(custom, "HTTP/1.0 403 Nope\r\nX-Foo: Bar\r\nContent-Length: 3\r\nConnection: close\r\n\r\n"
                + "abc", StandardCharsets.ISO_8859_1);
        int[] codes = {400, 401, 404, 405, 407, 408, 410, 413, 421, 422, 425, 429, 500, 501, 502, 503, 504};
        StringBuilder rules = new StringBuilder();
        for (int c : codes) {
            rules.append("    http-request deny deny_status ").append(c).append(" if { path /").append(c).append(" }\n");
        }
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             HaproxyOracle h = HaproxyOracle.startOnFreePorts((port, ready) -> """
                     defaults
                         mode http
                         timeout connect 1s
                         timeout client 5s
                         timeout server 300ms
                         timeout http-request 300ms
                     frontend ready
                         bind 127.0.0.1:%d
                         tcp-request connection reject
                     frontend f
                         bind 127.0.0.1:%d
                         monitor-uri /monitor
                         http-request deny if { path /deny }
                     %s
                         use_backend slow if { path /slow }
                         use_backend custom if { path /custom }
                         default_backend empty
                     backend empty
                     backend slow
                         server s 127.0.0.1:%d
                     backend custom
                         errorfile 400 %s
                         errorfile 403 %s
                         http-request deny
                     """.formatted(ready, port, rules, silent.getLocalPort(), custom, custom))) {
            int port = h.port();
            assertThat(get(port, "/monitor")).isEqualTo(page(200));
            assertThat(get(port, "/deny")).isEqualTo(page(403));
            for (int c : codes) {
                assertThat(get(port, "/" + c)).as("deny_status %d", c).isEqualTo(page(c));
            }
            assertThat(get(port, "/nowhere")).as("no server").isEqualTo(page(503));
            assertThat(get(port, "/slow")).as("server timeout").isEqualTo(page(504));
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHo st: x\r\n\r\n"))
                    .isEqualTo(s(ErrorPages.parserError(400)));
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n")).isEqualTo(s(ErrorPages.parserError(408)));

            Model m = Instance.parse("""
                    backend custom
                        errorfile 403 %s
                    """.formatted(custom), "t.cfg");
            ErrorPages customPages = ErrorPages.of(m.backend("custom").orElseThrow().errorFiles());
            assertThat(get(port, "/custom")).isEqualTo(s(customPages.page(403).bytes(false, false)))
                    .isEqualTo("HTTP/1.0 403 Nope\r\nx-foo: Bar\r\ncontent-length: 3\r\n\r\nabc");
        }
    }

    private static String page(int code) {
        return s(ErrorPages.builtIn(code).bytes(false, false));
    }

    private static String get(int port, String path) throws IOException {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} and reads until HAProxy closes (its timeouts bound the wait). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
