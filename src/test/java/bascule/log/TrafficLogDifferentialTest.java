package bascule.log;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.HaproxyOracle;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Ports;
import bascule.testing.Proxies;
import bascule.testing.SyslogListener;
import bascule.testing.TestBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same traffic through HAProxy 2.6 and through Bascule, each logging to a UDP syslog listener in the test;
 * the lines must agree field by field. Only what differs between two runs by nature is masked: dates, the
 * client's port and the timers (a timer that is -1, a phase never reached, is kept: it is not a time).
 */
class TrafficLogDifferentialTest {
    /** What a scenario does to the proxy listening on {@code port}. */
    @FunctionalInterface
    interface Traffic {
        void run(int port) throws Exception;
    }

    /**
     * A scenario: the proxy sections ({@code PORT} is the listening port, {@code SRV} a working HTTP server,
     * {@code ECHO} a TCP echo server, {@code DEAD} a port where nothing listens), the traffic, how many lines it
     * makes, and which space-separated fields are timers or are masked whole.
     */
    record Scenario(String name, String proxies, Traffic traffic, int lines, Set<Integer> timers, Set<Integer> masked) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Set<Integer> HTTPLOG_TIMERS = Set.of(4);
    private static final Set<Integer> TCPLOG_TIMERS = Set.of(4);

    private static HttpBackend server;
    private static TestBackend echo;
    private static Ports.Refusing dead;

    @BeforeAll
    static void backends() throws Exception {
        server = HttpBackend.start("srv", r -> switch (r.uri()) {
            case "/slow" -> {
                try {
                    Thread.sleep(4000); // far beyond the 300 ms server timeout, even if a loaded machine stalls the loop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield HttpBackend.ok("late");
            }
            case "/hdr" -> HttpBackend.response("200 OK", List.of("X-Out: served", "Set-Cookie: SID=abc; Path=/"),
                    "with headers");
            default -> HttpBackend.ok("hello " + r.uri());
        });
        echo = TestBackend.echo("echo");
        dead = Ports.refusing();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        echo.close();
        dead.close();
    }

    static Stream<Scenario> scenarios() {
        String http = """
                frontend fe
                    mode http
                    bind 127.0.0.1:PORT
                    log global
                    option httplog
                """;
        return Stream.of(
                new Scenario("httplog 200", http + """
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/index.html?x=1"), 1, HTTPLOG_TIMERS,
                        Set.of()),
                new Scenario("httpslog on a plain connection", """
                        frontend fe
                            mode http
                            bind 127.0.0.1:PORT
                            log global
                            option httpslog
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/s"), 1, HTTPLOG_TIMERS, Set.of()),
                new Scenario("httplog deny", http + """
                            http-request deny if { path /blocked }
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/blocked"), 1, HTTPLOG_TIMERS,
                        Set.of()),
                new Scenario("httplog redirect", http + """
                            http-request redirect location /elsewhere if { path /r }
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/r"), 1, HTTPLOG_TIMERS, Set.of()),
                new Scenario("httplog return", http + """
                            http-request return status 200 content-type text/plain string ok if { path /ret }
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/ret"), 1, HTTPLOG_TIMERS, Set.of()),
                new Scenario("httplog captures", http + """
                            capture request header Host len 32
                            capture request header User-Agent len 5
                            capture response header X-Out len 20
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/hdr", "User-Agent: curl/8.1.2"), 1,
                        HTTPLOG_TIMERS, Set.of()),
                new Scenario("httplog server refused", http + """
                            default_backend be
                        backend be
                            mode http
                            retries 0
                            server s1 127.0.0.1:DEAD
                        """, port -> HttpConn.get(port, "/"), 1, HTTPLOG_TIMERS, Set.of()),
                new Scenario("httplog server timeout", http + """
                            default_backend be
                        backend be
                            mode http
                            timeout server 300ms
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/slow"), 1, HTTPLOG_TIMERS, Set.of()),
                new Scenario("httplog bad request", http + """
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> raw(port, "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n"), 1, HTTPLOG_TIMERS,
                        Set.of()),
                new Scenario("seed log-format", """
                        frontend fe
                            mode http
                            bind 127.0.0.1:PORT
                            log global
                            option httplog
                            log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %{+Q}r"
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/seed"), 1, HTTPLOG_TIMERS, Set.of()),
                new Scenario("httplog clf", """
                        frontend fe
                            mode http
                            bind 127.0.0.1:PORT
                            log global
                            option httplog clf
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/clf"), 1, Set.of(),
                        Set.of(11, 12, 16, 17, 18, 19, 20, 22)),
                new Scenario("httplog cookie insert", http + """
                            default_backend be
                        backend be
                            mode http
                            cookie SRVID insert indirect nocache
                            server s1 127.0.0.1:SRV cookie s1
                        """, port -> HttpConn.get(port, "/c"), 1, HTTPLOG_TIMERS, Set.of()),
                new Scenario("httplog logasap", """
                        frontend fe
                            mode http
                            bind 127.0.0.1:PORT
                            log global
                            option httplog
                            option logasap
                            default_backend be
                        backend be
                            mode http
                            server s1 127.0.0.1:SRV
                        """, port -> HttpConn.get(port, "/asap"), 1, HTTPLOG_TIMERS, Set.of()),
                new Scenario("tcplog logasap", """
                        frontend fe
                            mode tcp
                            bind 127.0.0.1:PORT
                            log global
                            option tcplog
                            option logasap
                            default_backend be
                        backend be
                            mode tcp
                            server s1 127.0.0.1:ECHO
                        """, TrafficLogDifferentialTest::echoOnce, 1, TCPLOG_TIMERS, Set.of()),
                new Scenario("tcplog echo", """
                        frontend fe
                            mode tcp
                            bind 127.0.0.1:PORT
                            log global
                            option tcplog
                            default_backend be
                        backend be
                            mode tcp
                            server s1 127.0.0.1:ECHO
                        """, TrafficLogDifferentialTest::echoOnce, 1, TCPLOG_TIMERS, Set.of()),
                new Scenario("tcplog refused", """
                        frontend fe
                            mode tcp
                            bind 127.0.0.1:PORT
                            log global
                            option tcplog
                            default_backend be
                        backend be
                            mode tcp
                            retries 0
                            server s1 127.0.0.1:DEAD
                        """, port -> {
                            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                                s.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
                                s.setSoTimeout(3000);
                                s.getInputStream().read();
                            } catch (java.net.SocketException reset) {
                                // HAProxy may reset the client: what matters is the log line
                            }
                        }, 1, TCPLOG_TIMERS, Set.of()));
    }

    private static void raw(int port, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getInputStream().readAllBytes();
        }
    }

    private static void echoOnce(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[5];
            int n = 0;
            while (n < 5) {
                int r = in.read(buf, n, 5 - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            s.shutdownOutput();
            in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameLinesAsHaproxy(Scenario s) throws Exception {
        HaproxyOracle.assumeAvailable();
        try (SyslogListener syslog = new SyslogListener()) {
            // The listening port is in no log line: HAProxy gets free ports (picked again if one was taken in
            // between), Bascule an ephemeral one.
            java.util.function.IntFunction<String> config = port -> """
                    global
                        log 127.0.0.1:%d local0
                    defaults
                        timeout connect 1s
                        timeout client 3s
                        timeout server 3s
                    """.formatted(syslog.port())
                    + s.proxies().replace("PORT", String.valueOf(port)).replace("SRV", String.valueOf(server.port()))
                    .replace("ECHO", String.valueOf(echo.port())).replace("DEAD", String.valueOf(dead.port()));
            List<String> haproxy;
            try (HaproxyOracle h = HaproxyOracle.startOnFreePorts((port, ready) -> config.apply(port) + """
                    frontend ready
                        mode tcp
                        bind 127.0.0.1:%d
                    """.formatted(ready))) {
                s.traffic().run(h.port());
                haproxy = traffic(syslog, s.lines());
            }
            List<String> bascule;
            try (Instance b = Proxies.start(config.apply(0))) {
                s.traffic().run(Proxies.port(b));
                bascule = traffic(syslog, s.lines());
            }
            assertThat(bascule).hasSameSizeAs(haproxy);
            for (int i = 0; i < haproxy.size(); i++) {
                assertThat(mask(SyslogListener.message(bascule.get(i)), s))
                        .as("line %d\n  haproxy: %s\n  bascule: %s", i, haproxy.get(i), bascule.get(i))
                        .isEqualTo(mask(SyslogListener.message(haproxy.get(i)), s));
                assertThat(bascule.get(i)).matches("<134>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d haproxy\\[\\d+]: [^\\n]*\\n");
            }
        }
    }

    /** The traffic lines (not process messages such as "Proxy fe started."): {@code n}, then any extra. */
    private static List<String> traffic(SyslogListener syslog, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            String l = syslog.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (isTraffic(l)) {
                out.add(l);
            }
        }
        for (String l : syslog.drain(Duration.ofMillis(300))) {
            if (isTraffic(l)) {
                out.add(l);
            }
        }
        return out;
    }

    private static boolean isTraffic(String line) {
        String m = SyslogListener.message(line);
        return m.startsWith("127.0.0.1") || m.startsWith("\"127.0.0.1");
    }

    private static final Pattern DATE = Pattern.compile("\\[[^\\]]*\\d{2}:\\d{2}:\\d{2}[^\\]]*\\]");

    static String mask(String message, Scenario s) {
        String m = DATE.matcher(message).replaceAll("[DATE]");
        String[] f = m.split(" ", -1);
        f[0] = f[0].replaceFirst(":\\d+$", ":PORT");
        for (int i : s.timers()) {
            if (i < f.length) {
                f[i] = f[i].replaceAll("(?<![-\\d])\\d+", "T");
            }
        }
        for (int i : s.masked()) {
            if (i < f.length) {
                f[i] = "X";
            }
        }
        // %ac (after the timers are masked, so that only the connection counts still look like a/b/c/d/e): HAProxy
        // still counts the oracle's readiness probe now and then, a harness artefact.
        return String.join(" ", f).replaceFirst(" (\\d+)(/\\d+/\\d+/\\d+/\\+?\\d+ )", " AC$2");
    }
}
