package bascule.log;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Ports;
import bascule.testing.Proxies;
import bascule.testing.SyslogListener;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logging behaviour beyond the default formats, on real sockets with a UDP syslog listener. */
class TrafficLogTest {
    private static HttpBackend server;
    private static Ports.Refusing dead;

    @BeforeAll
    static void start() throws Exception {
        server = HttpBackend.start("srv");
        dead = Ports.refusing();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        dead.close();
    }

    private static String config(int syslog, String frontendLines) {
        return """
                global
                    log 127.0.0.1:%d local0
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 3s
                    timeout server 3s
                frontend fe
                    bind 127.0.0.1:0
                    log global
                %s
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                backend dead
                    retries 0
                    server s1 127.0.0.1:%d
                """.formatted(syslog, frontendLines, server.port(), dead.port());
    }

    /** The next line that is not a process message ("Proxy fe started."). */
    private static String nextTraffic(SyslogListener s) throws InterruptedException {
        while (true) {
            String l = s.next(Duration.ofSeconds(5));
            if (!SyslogListener.message(l).startsWith("Proxy ")) {
                return l;
            }
        }
    }

    @Test
    void jsonLinesCarryTheHttpFields() throws Exception {
        try (SyslogListener syslog = new SyslogListener();
             Instance b = Proxies.start(config(syslog.port(), "    option httplog json\n"
                     + "    capture request header User-Agent len 10"))) {
            HttpConn.get(Proxies.port(b), "/j?x=1", "User-Agent: tester");
            String m = SyslogListener.message(nextTraffic(syslog)).strip();
            assertThat(m).startsWith("{\"client_ip\": \"127.0.0.1\", \"client_port\": ")
                    .contains("\"frontend_name_transport\": \"fe\", \"backend_name\": \"be\", \"server_name\": \"s1\"")
                    .contains("\"status_code\": 200").contains("\"termination_state_cookie\": \"----\"")
                    .contains("\"captured_request_headers\": [\"tester\"]")
                    .contains("\"http_method\": \"GET\", \"http_uri\": \"/j?x=1\", \"http_version\": \"HTTP/1.1\"}");
        }
    }

    @Test
    void errorsGoAtErrLevelWithLogSeparateErrorsAndSilentLinesAreDropped() throws Exception {
        try (SyslogListener syslog = new SyslogListener();
             Instance b = Proxies.start(config(syslog.port(), """
                         option httplog
                         option log-separate-errors
                         http-request set-log-level silent if { path /quiet }
                         use_backend dead if { path /dead }
                     """))) {
            int port = Proxies.port(b);
            HttpConn.get(port, "/quiet");
            HttpConn.get(port, "/ok");
            HttpConn.get(port, "/dead");
            // Each line is sent when its stream ends, which may be just after the client has its response: the
            // two connections may log in either order.
            java.util.List<String> lines = java.util.List.of(nextTraffic(syslog), nextTraffic(syslog));
            String ok = lines.stream().filter(l -> l.contains("/ok ")).findFirst().orElse(lines.get(0));
            String dead = lines.stream().filter(l -> l != ok).findFirst().orElseThrow();
            assertThat(ok).startsWith("<134>").contains("\"GET /ok HTTP/1.1\""); // local0 info
            assertThat(dead).startsWith("<131>").contains(" 503 ").contains(" SC-- "); // local0 err
            assertThat(syslog.drain(Duration.ofMillis(300))).noneMatch(l -> l.contains("/quiet"));
        }
    }

    @Test
    void dontlognullSkipsConnectionsThatSentNothing() throws Exception {
        try (SyslogListener syslog = new SyslogListener();
             Instance b = Proxies.start(config(syslog.port(), "    option httplog\n    option dontlognull\n"
                     + "    timeout http-request 200ms"))) {
            int port = Proxies.port(b);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(3000);
                assertThat(s.getInputStream().readAllBytes()).asString().startsWith("HTTP/1.1 408");
            }
            HttpConn.get(port, "/after");
            assertThat(SyslogListener.message(nextTraffic(syslog))).contains("\"GET /after HTTP/1.1\"");
        }
    }

    @Test
    void withoutAFormatEachConnectionIsLoggedAsItArrives() throws Exception {
        try (SyslogListener syslog = new SyslogListener();
             Instance b = Proxies.start(config(syslog.port(), "    log-tag edge"))) {
            int port = Proxies.port(b);
            HttpConn.get(port, "/x");
            String l = nextTraffic(syslog);
            assertThat(l).matches("<134>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d edge\\[\\d+\\]: Connect from "
                    + "127\\.0\\.0\\.1:\\d+ to 127\\.0\\.0\\.1:" + port + " \\(fe/HTTP\\)\\n");
        }
    }

    @Test
    void rfc5424TargetsGetTheStructuredData() throws Exception {
        try (SyslogListener syslog = new SyslogListener();
             Instance b = Proxies.start(config(syslog.port(), "    log 127.0.0.1:" + "%PORT%"
                     + " format rfc5424 local1\n    option httplog\n    log-format-sd [exampleSDID@32473\\ iut=\\\"3\\\"]")
                     .replace("%PORT%", String.valueOf(syslog.port())))) {
            HttpConn.get(Proxies.port(b), "/sd");
            String a = nextTraffic(syslog);
            String c = nextTraffic(syslog);
            String rfc5424 = a.startsWith("<142>1 ") ? a : c; // local1 info
            assertThat(rfc5424).matches("(?s)<142>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}[+-]\\d\\d:\\d\\d .*")
                    .contains(" haproxy ")
                    .contains(" - [exampleSDID@32473 iut=\"3\"] 127.0.0.1:");
            assertThat(a.startsWith("<134>") ? a : c).startsWith("<134>"); // the global target: RFC3164
        }
    }
}
