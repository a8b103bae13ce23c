package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.HaproxyOracle;
import bascule.testing.Ports;
import bascule.testing.Proxies;
import bascule.testing.ScriptedBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * HAProxy and Bascule run the same scripted checks against the same kinds of backends: each server's first
 * {@code option log-health-checks} line (status, code, info) and the bytes each backend receives must be the
 * same. Skipped when haproxy is not installed (required under CI).
 */
class ScriptedCheckDifferentialTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Pattern CHECK_LINE = Pattern.compile(
            "Health check for server (\\S+) (conditionally )?(?:succeeded|failed), reason: (.*?), check duration: \\d+ms.*");

    /** Server name to the conversation its backend holds, for one run (each run gets fresh backends). */
    private static Map<String, Supplier<ScriptedBackend.Conversation>> conversations() {
        Map<String, Supplier<ScriptedBackend.Conversation>> c = new LinkedHashMap<>();
        c.put("h_status/ok", () -> ScriptedBackend.http(200, "OK", "fine"));
        c.put("h_status/ko", () -> ScriptedBackend.http(503, "Service Unavailable", "down"));
        c.put("h_body/ok", () -> ScriptedBackend.http(200, "OK", "{\"status\":\"ok\"}"));
        c.put("h_body/ko", () -> ScriptedBackend.http(200, "OK", "{\"status\":\"bad\"}"));
        c.put("h_body/empty", () -> ScriptedBackend.http(200, "OK", ""));
        c.put("h_send/ko", () -> ScriptedBackend.http(404, "Not Found", ""));
        c.put("t/ok", () -> ScriptedBackend.replying("+PONG\r\n"));
        c.put("t/wrong", () -> conn -> {
            conn.readSome();
            conn.write("-ERR nope\r\n");
        });
        c.put("t/mute", () -> ScriptedBackend.Connection::readSome);
        c.put("t/hung", () -> conn -> {
            conn.readSome();
            conn.hang();
        });
        c.put("t/reset", () -> conn -> {
            conn.readSome();
            conn.socket().setSoLinger(true, 0);
        });
        c.put("h_status/closer", () -> conn -> conn.readHead());
        c.put("r/ok", () -> ScriptedBackend.replying("+PONG\r\n"));
        c.put("r/ko", () -> conn -> {
            conn.readSome();
            conn.write("-ERR nope\r\n");
        });
        c.put("smtp/ok", () -> conn -> {
            conn.write("220 mail.example ESMTP ready\r\n");
            conn.readLine();
            conn.write("250-mail.example hello\r\n250 SIZE 1000\r\n");
            if (conn.readLine() != null) {
                conn.write("221 2.0.0 Bye\r\n");
            }
            conn.drain();
        });
        c.put("smtp/ko", () -> conn -> {
            conn.write("220 mail.example ESMTP ready\r\n");
            conn.readLine();
            conn.write("554 go away\r\n"); // and close: HAProxy waits for more after a refused hello
        });
        c.put("smtp/hung", () -> conn -> {
            conn.write("220 mail.example ESMTP ready\r\n");
            conn.readLine();
            conn.write("554 go away\r\n");
            conn.hang();
        });
        c.put("pg/ok", () -> conn -> {
            conn.readSome();
            conn.write(HexFormat.of().parseHex("520000000800000000"));
            conn.drain();
        });
        c.put("pg/ko", () -> conn -> {
            conn.readSome();
            conn.write("E\0\0\0\u0020SFATAL\0C28000\0Mno such user\0\0");
            conn.drain();
        });
        c.put("my/ok", () -> conn -> {
            conn.write(mysqlPacket(0, mysqlGreeting()));
            conn.readSome();
            conn.write(mysqlPacket(2, new byte[] {0, 0, 0, 2, 0, 0, 0}));
            conn.drain();
        });
        c.put("my/ko", () -> conn -> {
            conn.write(mysqlPacket(0, "\u00ff\u0015\u0004#28000Access denied".getBytes(StandardCharsets.ISO_8859_1)));
            conn.drain();
        });
        c.put("sp/s", () -> conn -> {
            conn.readLine();
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        });
        c.put("h404s/s", () -> ScriptedBackend.http(404, "Not Found", ""));
        c.put("h404b/s", () -> ScriptedBackend.http(404, "Not Found", "nope"));
        return c;
    }

    private static String config(Map<String, ScriptedBackend> b, int closedPort) {
        return """
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                    timeout check 2s
                    option log-health-checks
                backend h_status
                    option httpchk GET /healthz HTTP/1.1\\r\\nHost:\\ solvethenetwork.com
                    http-check expect status 200
                    server ok %s check inter 300 rise 1 fall 1
                    server ko %s check inter 300 rise 1 fall 1
                    server closer %s check inter 300 rise 1 fall 1
                backend h_body
                    option httpchk GET /api/health HTTP/1.1\\r\\nHost:\\ solvethenetwork.com
                    http-check expect rstring "\\"status\\":\\"ok\\""
                    server ok %s check inter 300 rise 1 fall 1
                    server ko %s check inter 300 rise 1 fall 1
                    server empty %s check inter 300 rise 1 fall 1
                backend h_send
                    option httpchk
                    http-check send meth POST uri /x ver HTTP/1.1 hdr X-Foo Bar body hello
                    server ko %s check inter 300 rise 1 fall 1
                backend t
                    option tcp-check
                    tcp-check comment greeting
                    tcp-check send PING\\r\\n
                    tcp-check expect string +PONG comment "pong please"
                    server ok %s check inter 300 rise 1 fall 1
                    server wrong %s check inter 300 rise 1 fall 1
                    server mute %s check inter 300 rise 1 fall 1
                    server hung %s check inter 300 rise 1 fall 1
                    server reset %s check inter 300 rise 1 fall 1
                    server refused 127.0.0.1:%d check inter 300 rise 1 fall 1
                backend r
                    option redis-check
                    server ok %s check inter 300 rise 1 fall 1
                    server ko %s check inter 300 rise 1 fall 1
                backend smtp
                    option smtpchk EHLO bascule.test
                    server ok %s check inter 300 rise 1 fall 1
                    server ko %s check inter 300 rise 1 fall 1
                    server hung %s check inter 300 rise 1 fall 1
                backend pg
                    option pgsql-check user haproxy
                    server ok %s check inter 300 rise 1 fall 1
                    server ko %s check inter 300 rise 1 fall 1
                backend my
                    option mysql-check user haproxy
                    server ok %s check inter 300 rise 1 fall 1
                    server ko %s check inter 300 rise 1 fall 1
                backend sp
                    option httpchk GET /health
                    server s %s check inter 300 rise 1 fall 1 check-send-proxy
                backend h404s
                    option httpchk GET /health
                    http-check disable-on-404
                    http-check expect status 200
                    server s %s check inter 300 rise 1 fall 1
                backend h404b
                    option httpchk GET /health
                    http-check disable-on-404
                    http-check expect string ok
                    server s %s check inter 300 rise 1 fall 1
                """.formatted(a(b, "h_status/ok"), a(b, "h_status/ko"), a(b, "h_status/closer"), a(b, "h_body/ok"), a(b, "h_body/ko"),
                a(b, "h_body/empty"), a(b, "h_send/ko"), a(b, "t/ok"), a(b, "t/wrong"), a(b, "t/mute"), a(b, "t/hung"), a(b, "t/reset"), closedPort,
                a(b, "r/ok"), a(b, "r/ko"), a(b, "smtp/ok"), a(b, "smtp/ko"), a(b, "smtp/hung"), a(b, "pg/ok"), a(b, "pg/ko"),
                a(b, "my/ok"), a(b, "my/ko"), a(b, "sp/s"), a(b, "h404s/s"), a(b, "h404b/s"));
    }

    private static String a(Map<String, ScriptedBackend> backends, String server) {
        return backends.get(server).address();
    }

    @Test
    void sameResultsAndSameBytesAsHaproxy() throws Exception {
        HaproxyOracle.assumeAvailable();
        List<String> servers = new ArrayList<>(conversations().keySet());
        servers.add("t/refused");
        try (Ports.Refusing refusing = Ports.refusing()) {
            compare(servers, refusing.port());
        }
    }

    private static void compare(List<String> servers, int closed) throws Exception {
        Run haproxy;
        Map<String, ScriptedBackend> backends = backends();
        try {
            Map<String, ScriptedBackend> b = backends;
            try (HaproxyOracle h = HaproxyOracle.startOnFreePorts((unused, ready) -> config(b, closed) + """
                    frontend ready
                        bind 127.0.0.1:%d
                        tcp-request connection reject
                    """.formatted(ready))) {
                haproxy = observe(servers, backends, () -> lines(h.output()));
            }
        } finally {
            closeAll(backends);
        }

        Run bascule;
        backends = backends();
        try {
            Proxies.Recorded messages = new Proxies.Recorded();
            try (Instance ignored = Instance.start(Instance.parse(config(backends, closed), "t.cfg"), messages)) {
                bascule = observe(servers, backends,
                        () -> messages.lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
            }
        } finally {
            closeAll(backends);
        }

        assertThat(bascule.results()).isEqualTo(haproxy.results());
        assertThat(bascule.received()).isEqualTo(haproxy.received());
        // The comparison must have seen the interesting cases, not only empty maps.
        assertThat(haproxy.results()).containsEntry("t/mute",
                "Layer7 invalid response, info: \"TCPCHK got an empty response at step 3 comment: 'pong please'\"");
        assertThat(haproxy.results()).containsEntry("smtp/ok", "Layer7 check passed, code: 221, info: \"2.0.0 Bye\"");
        // disable-on-404 takes precedence over the expect rules, status or body
        assertThat(haproxy.results()).containsEntry("h404b/s", "conditionally: Layer7 check conditionally passed, code: 404");
    }

    /** Each server's first check line (status, code, info) and each backend's first non-empty request. */
    private record Run(Map<String, String> results, Map<String, String> received) {
    }

    private static Run observe(List<String> servers, Map<String, ScriptedBackend> backends,
                               Supplier<List<String>> log) {
        Map<String, String> results = new TreeMap<>();
        Await.until("a check line for each of " + servers, DEADLINE, () -> {
            results.clear();
            for (String line : log.get()) {
                Matcher m = CHECK_LINE.matcher(line);
                if (m.matches()) {
                    results.putIfAbsent(m.group(1), (m.group(2) != null ? "conditionally: " : "") + m.group(3));
                }
            }
            return results.keySet().containsAll(servers) && backends.values().stream()
                    .allMatch(b -> b.received().stream().anyMatch(r -> !r.isEmpty()));
        });
        Map<String, String> received = new TreeMap<>();
        backends.forEach((server, b) -> received.put(server, b.received().stream().filter(r -> !r.isEmpty())
                .findFirst().orElseThrow().replaceAll("PROXY TCP4 127\\.0\\.0\\.1 127\\.0\\.0\\.1 \\d+ \\d+",
                        "PROXY TCP4 127.0.0.1 127.0.0.1 <sport> <dport>")));
        return new Run(results, received);
    }

    private static List<String> lines(String output) {
        return output.lines().filter(l -> l.contains(" : ")).map(l -> l.substring(l.indexOf(" : ") + 3)).toList();
    }

    private static Map<String, ScriptedBackend> backends() throws IOException {
        Map<String, ScriptedBackend> b = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<ScriptedBackend.Conversation>> e : conversations().entrySet()) {
            b.put(e.getKey(), ScriptedBackend.start(e.getValue().get()));
        }
        return b;
    }

    private static void closeAll(Map<String, ScriptedBackend> backends) throws IOException {
        for (ScriptedBackend b : backends.values()) {
            b.close();
        }
    }

    private static byte[] mysqlGreeting() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x0a);
        b.writeBytes("5.7.0-fake\0".getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(new byte[] {1, 0, 0, 0});
        b.writeBytes("abcdefgh\0".getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(new byte[] {(byte) 0xff, (byte) 0xf7, 0x21, 2, 0});
        b.writeBytes(new byte[13]);
        return b.toByteArray();
    }

    private static byte[] mysqlPacket(int sequence, byte[] payload) {
        byte[] p = new byte[payload.length + 4];
        p[0] = (byte) payload.length;
        p[1] = (byte) (payload.length >> 8);
        p[2] = (byte) (payload.length >> 16);
        p[3] = (byte) sequence;
        System.arraycopy(payload, 0, p, 4, payload.length);
        return p;
    }

}
