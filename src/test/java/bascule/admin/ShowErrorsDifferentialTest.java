package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.HaproxyOracle;
import bascule.testing.Proxies;
import bascule.testing.ScriptedBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show errors} against the real HAProxy 2.6: the same malformed requests (and malformed responses
 * from the same backend) go through both, and the dumps must agree line for line once the dates, the
 * client ports and the three lines of HAProxy's H1 parser state are masked: the proxies, ids, servers,
 * event numbers, lengths, error positions and dumped bytes must be the same.
 */
@Timeout(120)
class ShowErrorsDifferentialTest {
    @TempDir
    static Path dir;
    static ScriptedBackend server;
    static HaproxyOracle haproxy;
    static Instance bascule;
    static Path haproxySock;
    static Path basculeSock;

    /** Requests in the order sent; each is refused with one capture (a 400, or a 502 for /bad-* paths). */
    static final List<String> REQUESTS = List.of(
            "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
            "GET /bad-header HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.x\r\nHost: x\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
            "GET /bad-chunk HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi",
            "GET /" + "a".repeat(117) + "?x=\t\u0001\u007f\u0080\u00ff\"\\ HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n");

    static String config(Path sock, String bind, String ready) {
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 5s
                    timeout server 5s
                frontend ready
                    bind %s
                frontend fe
                    bind %s
                    default_backend be
                backend be
                    server s1 %s
                """.formatted(sock, ready, bind, server.address());
    }

    @BeforeAll
    static void start() throws Exception {
        HaproxyOracle.assumeAvailable();
        server = ScriptedBackend.start(c -> {
            String head = c.readHead();
            if (head.startsWith("GET /bad-header ")) {
                c.write("HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 2\r\n\r\nok");
            } else if (head.startsWith("GET /bad-chunk ")) {
                c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n");
            } else {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
            c.drain();
        });
        haproxySock = dir.resolve("h.sock");
        basculeSock = dir.resolve("b.sock");
        haproxy = HaproxyOracle.startOnFreePorts((port, ready) ->
                config(haproxySock, "127.0.0.1:" + port, "127.0.0.1:" + ready));
        bascule = Proxies.start(config(basculeSock, "127.0.0.1:0", "127.0.0.1:0"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (bascule != null) {
            bascule.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sameCapturesAsHaproxy() {
        List<String> commands = List.of("show errors", "show errors fe", "show errors be", "show errors 3",
                "show errors -1 request", "show errors be response", "show errors fe response",
                "show errors be request", "show errors 99", "show errors nope", "show errors request",
                "show errors 0");
        assertThat(mask(ask(basculeSock, "show errors"))).isEqualTo(mask(ask(haproxySock, "show errors")))
                .contains(": 0\n");
        int sent = 0;
        for (String request : REQUESTS) {
            sent++;
            send(haproxy.port(), request);
            send(Proxies.port(bascule, 1), request);
            int expected = sent;
            for (Path sock : List.of(haproxySock, basculeSock)) {
                Await.until("capture " + expected + " at " + sock, Duration.ofSeconds(5),
                        () -> total(ask(sock, "show errors")) == expected);
            }
            // Each step: the latest capture of each kind, and all the ways of choosing them.
            for (String command : commands) {
                assertThat(mask(ask(basculeSock, command)))
                        .as("after request %d, %s", sent, command)
                        .isEqualTo(mask(ask(haproxySock, command)));
            }
        }
        ask(haproxySock, "clear counters all");
        ask(basculeSock, "clear counters all");
        assertThat(mask(ask(basculeSock, "show errors"))).isEqualTo(mask(ask(haproxySock, "show errors")))
                .contains("invalid request", "invalid response");
    }

    private static final Pattern TOTAL = Pattern.compile("Total events captured on \\[[^]]+] : (\\d+)");

    static int total(String dump) {
        Matcher m = TOTAL.matcher(dump);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Dates, client ports and HAProxy's H1 parser state lines masked. */
    static String mask(String dump) {
        return dump.replaceAll("\\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}]", "[DATE]")
                .replaceAll("src 127\\.0\\.0\\.1:\\d+", "src 127.0.0.1:PORT")
                .replaceAll("(?m)^  H1 .*$", "  H1 ...");
    }

    static String ask(Path sock, String command) {
        try {
            return CliClient.ask(sock, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends raw bytes (each char one byte) and reads the answer: one response, or up to the close. */
    static void send(int port, String request) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            try {
                int n;
                while (!complete(got) && (n = in.read(buf)) >= 0) {
                    got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 5 s on port " + port + " for " + request, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole response: its head and its Content-Length body (errors of both proxies carry one). */
    private static boolean complete(StringBuilder got) {
        int end = got.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher m = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(got.substring(0, end));
        return got.length() - end - 4 >= (m.find() ? Integer.parseInt(m.group(1)) : 0);
    }
}
