package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.proxy.Server;
import bascule.testing.Await;
import bascule.testing.Ports;
import bascule.testing.Proxies;
import bascule.testing.ScriptedBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scripted health checks (httpchk, tcp-check, redis, smtp, pgsql, mysql, check-send-proxy, log-health-checks)
 * against real loopback backends, through an instance started from configuration text. Expected messages are
 * HAProxy 2.6's, word for word; "{n}" in a template stands for a number (durations, ports).
 */
class ScriptedHealthCheckTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /**
     * Checks run every 100 ms. With {@code timeout check} set, that interval bounds only the connect, and a
     * backend slowed by a cold JVM still has 2 s to answer, so a slow first answer never fails a check.
     */    private static final String DEFAULTS = """
            defaults
                mode tcp
                timeout connect 1s
                timeout client 5s
                timeout server 5s
                timeout check 2s
            """;

    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private final Proxies.Recorded messages = new Proxies.Recorded();
    private Instance instance;

    @AfterEach
    void tearDown() throws Exception {
        if (instance != null) {
            instance.close();
        }
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    @Test
    void httpchkWithTheSeedsHostTrickFollowsTheStatusCode() throws Exception {
        ScriptedBackend web = backend(ScriptedBackend.http(200, "OK", "fine"));
        start("""
                backend web_servers
                    balance roundrobin
                    option httpchk GET /healthz HTTP/1.1\\r\\nHost:\\ solvethenetwork.com
                    http-check expect status 200
                    server web01 %s check inter 100 rise 1 fall 1
                """.formatted(web.address()));
        Server server = server("web_servers", "web01");
        Await.until("a first check", DEADLINE, () -> web.accepted() >= 1 && checked(server));
        assertThat(web.received().get(0))
                .isEqualTo("GET /healthz HTTP/1.1\r\nhost: solvethenetwork.com\r\nconnection: close\r\n\r\n");
        assertThat(last(server)).extracting(CheckResult::status, CheckResult::code, CheckResult::info)
                .containsExactly(CheckStatus.L7OK, 200, "");
        assertThat(server.isHealthy()).isTrue();

        web.setConversation(ScriptedBackend.http(503, "Service Unavailable", "maintenance"));
        awaitMessage("WARNING Server web_servers/web01 is DOWN, reason: Layer7 wrong status, code: 503, info: "
                + "\"Service Unavailable\", check duration: {n}ms. 0 active and 0 backup servers left. 0 sessions active, "
                + "0 requeued, 0 remaining in queue.");
        // The message is written just before the server is marked DOWN, on the check's event loop.
        Await.until("web01 marked DOWN", DEADLINE, () -> !server.isHealthy());

        web.setConversation(ScriptedBackend.http(200, "OK", "fine"));
        awaitMessage("WARNING Server web_servers/web01 is UP, reason: Layer7 check passed, code: 200, check duration: "
                + "{n}ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.");
        assertThat(server.isHealthy()).isTrue();
    }

    @Test
    void httpchkRstringOfTheSeedMatchesTheBody() throws Exception {
        ScriptedBackend good = backend(ScriptedBackend.http(200, "OK", "{\"status\":\"ok\",\"db\":\"up\"}"));
        ScriptedBackend bad = backend(ScriptedBackend.http(200, "OK", "{\"status\":\"degraded\"}"));
        start("""
                backend app_pool
                    option httpchk GET /api/health HTTP/1.1\\r\\nHost:\\ solvethenetwork.com
                    http-check expect rstring "\\"status\\":\\"ok\\""
                    server app01 %s check inter 100 rise 1 fall 1
                    server app02 %s check inter 100 rise 1 fall 1
                """.formatted(good.address(), bad.address()));
        awaitMessage("WARNING Server app_pool/app02 is DOWN, reason: Layer7 invalid response, info: \"HTTP content "
                + "check did not match\", check duration: {n}ms. 1 active and 0 backup servers left. 0 sessions active, "
                + "0 requeued, 0 remaining in queue.");
        Await.until("app01 checked", DEADLINE, () -> checked(server("app_pool", "app01")));
        assertThat(server("app_pool", "app01").isHealthy()).isTrue();
        assertThat(good.received().get(0)).startsWith("GET /api/health HTTP/1.1\r\nhost: solvethenetwork.com\r\n");
    }

    @Test
    void http22StyleSendAndDefaultExpectation() throws Exception {
        ScriptedBackend web = backend(ScriptedBackend.http(302, "Found", ""));
        ScriptedBackend broken = backend(ScriptedBackend.http(500, "Internal Server Error", "oops"));
        start("""
                backend b
                    option httpchk
                    http-check send meth GET uri /x ver HTTP/1.1 hdr Host example.com
                    server ok %s check inter 100 rise 1 fall 1
                    server ko %s check inter 100 rise 1 fall 1
                """.formatted(web.address(), broken.address()));
        awaitMessage("WARNING Server b/ko is DOWN, reason: Layer7 wrong status, code: 500, info: \"Internal Server "
                + "Error\", check duration: {n}ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 "
                + "remaining in queue.");
        Await.until("ok checked", DEADLINE, () -> checked(server("b", "ok")));
        assertThat(last(server("b", "ok")).code()).isEqualTo(302); // 3xx passes the implicit expectation
        assertThat(web.received().get(0)).isEqualTo("GET /x HTTP/1.1\r\nhost: example.com\r\nconnection: close\r\n\r\n");
    }

    @Test
    void bareHttpchkSendsHaproxysDefaultRequest() throws Exception {
        ScriptedBackend web = backend(ScriptedBackend.http(200, "OK", ""));
        start("""
                backend b
                    option httpchk
                    server s %s check inter 100
                """.formatted(web.address()));
        Await.until("a check", DEADLINE, () -> checked(server("b", "s")));
        assertThat(web.received().get(0)).isEqualTo("OPTIONS / HTTP/1.0\r\n\r\n");
    }

    @Test
    void tcpCheckSendAndExpectString() throws Exception {
        ScriptedBackend pong = backend(ScriptedBackend.replying("+PONG\r\n"));
        ScriptedBackend wrong = backend(c -> {
            c.readSome();
            c.write("-ERR unknown\r\n");
        });
        ScriptedBackend mute = backend(c -> c.readSome());
        start("""
                backend b
                    option tcp-check
                    tcp-check send PING\\r\\n
                    tcp-check expect string +PONG
                    server pong %s check inter 100 rise 1 fall 1
                    server wrong %s check inter 100 rise 1 fall 1
                    server mute %s check inter 100 rise 1 fall 1
                """.formatted(pong.address(), wrong.address(), mute.address()));
        awaitMessage("WARNING Server b/wrong is DOWN, reason: Layer7 invalid response, info: \"TCPCHK did not match "
                + "content '+PONG' at step 2\", check duration: {n}ms. {n} active and 0 backup servers left. 0 sessions "
                + "active, 0 requeued, 0 remaining in queue.");
        awaitMessage("WARNING Server b/mute is DOWN, reason: Layer7 invalid response, info: \"TCPCHK got an empty "
                + "response at step 2\", check duration: {n}ms. {n} active and 0 backup servers left. 0 sessions active, 0 "
                + "requeued, 0 remaining in queue.");
        Await.until("pong checked", DEADLINE, () -> checked(server("b", "pong")));
        assertThat(last(server("b", "pong"))).extracting(CheckResult::status, CheckResult::info)
                .containsExactly(CheckStatus.L7OK, "(tcp-check)");
        assertThat(pong.received().get(0)).isEqualTo("PING\r\n");
    }

    @Test
    void tcpCheckBinaryStepsCommentsAndTimeouts() throws Exception {
        ScriptedBackend ok = backend(c -> {
            c.write("HELLO\r\n");
            c.readSome();
            c.write(new byte[] {0x2b, 0x4f, 0x4b, 0x0d, 0x0a});
            c.drain();
        });
        ScriptedBackend hung = backend(c -> {
            c.write("HELLO\r\n");
            c.hang();
        });
        start("""
                backend b
                    timeout check 1s
                    option tcp-check
                    tcp-check comment "greeting"
                    tcp-check expect string HELLO
                    tcp-check send-binary 50494e470d0a
                    tcp-check expect binary 2b4f4b comment "the answer"
                    tcp-check expect ! rstring ^-ERR min-recv 3
                    server ok %s check inter 100 rise 1 fall 1
                    server hung %s check inter 100 rise 1 fall 1
                """.formatted(ok.address(), hung.address()));
        String down = awaitMessage("WARNING Server b/hung is DOWN, reason: Layer7 timeout, info: \" at step 4 of "
                + "tcp-check (expect binary '+OK') comment: 'the answer'\", check duration: {n}ms. 1 active and 0 backup "
                + "servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
        // 1 s rather than less: the same timeout bounds the 'ok' server's answer, which a loaded machine may delay.
        assertThat(duration(down)).as("timeout check, from the connection on").isGreaterThanOrEqualTo(980);
        Await.until("ok checked", DEADLINE, () -> checked(server("b", "ok")));
        assertThat(last(server("b", "ok")).status()).isEqualTo(CheckStatus.L7OK);
        assertThat(ok.received().get(0)).isEqualTo("PING\r\n");
    }

    @Test
    void optionTcpCheckAloneIsAConnectCheckNamingItsStep() throws Exception {
        ScriptedBackend db = backend(ScriptedBackend.Connection::drain);
        int closed = closedPort();
        start("""
                backend db_proxy
                    balance leastconn
                    option tcp-check
                    server db01 %s check inter 100 rise 1 fall 1
                    server db02 127.0.0.1:%d check inter 100 rise 1 fall 1
                """.formatted(db.address(), closed));
        awaitMessage("WARNING Server db_proxy/db02 is DOWN, reason: Layer4 connection problem, info: \"Connection "
                + "refused at initial connection step of tcp-check\", check duration: {n}ms. 1 active and 0 backup "
                + "servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
        Await.until("db01 checked", DEADLINE, () -> checked(server("db_proxy", "db01")));
        assertThat(last(server("db_proxy", "db01"))).extracting(CheckResult::status, CheckResult::info)
                .containsExactly(CheckStatus.L4OK, "");
    }

    @Test
    void redisCheck() throws Exception {
        ScriptedBackend redis = backend(ScriptedBackend.replying("+PONG\r\n"));
        ScriptedBackend loading = backend(c -> {
            c.readSome();
            c.write("-LOADING Redis is loading the dataset in memory\r\n");
        });
        start("""
                backend r
                    option redis-check
                    server ok %s check inter 100 rise 1 fall 1
                    server loading %s check inter 100 rise 1 fall 1
                """.formatted(redis.address(), loading.address()));
        awaitMessage("WARNING Server r/loading is DOWN, reason: Layer7 wrong status, code: 0, info: \"-LOADING Redis "
                + "is loading the dataset in memory\", check duration: {n}ms. 1 active and 0 backup servers left. 0 "
                + "sessions active, 0 requeued, 0 remaining in queue.");
        Await.until("ok checked", DEADLINE, () -> checked(server("r", "ok")));
        assertThat(last(server("r", "ok"))).extracting(CheckResult::status, CheckResult::info)
                .containsExactly(CheckStatus.L7OK, "Redis server is ok");
        assertThat(redis.received().get(0)).isEqualTo("*1\r\n$4\r\nPING\r\n");
    }

    @Test
    void smtpCheckGreetsSaysHelloAndQuits() throws Exception {
        ScriptedBackend mail = backend(smtp("250 SIZE 1000"));
        ScriptedBackend refusing = backend(smtp("554 go away"));
        start("""
                backend smtp
                    option log-health-checks
                    option smtpchk EHLO bascule.test
                    server ok %s check inter 100 rise 1 fall 1
                    server refusing %s check inter 100 rise 1 fall 1
                """.formatted(mail.address(), refusing.address()));
        awaitMessage("WARNING Health check for server smtp/ok succeeded, reason: Layer7 check passed, code: 221, info: "
                + "\"2.0.0 Bye\", check duration: {n}ms, status: 1/1 UP.");
        awaitMessage("WARNING Health check for server smtp/refusing failed, reason: Layer7 wrong status, code: 554, "
                + "info: \"go away\", check duration: {n}ms, status: 0/1 DOWN.");
        // log-health-checks already gave the reason: the state change does not repeat it
        awaitMessage("WARNING Server smtp/refusing is DOWN. 1 active and 0 backup servers left. 0 sessions active, 0 "
                + "requeued, 0 remaining in queue.");
        assertThat(mail.received().get(0)).isEqualTo("EHLO bascule.test\r\nQUIT\r\n");
    }

    @Test
    void pgsqlCheck() throws Exception {
        ScriptedBackend pg = backend(c -> {
            c.readSome();
            c.write(HexFormat.of().parseHex("520000000800000000"));
            c.drain();
        });
        ScriptedBackend denied = backend(c -> {
            c.readSome();
            c.write("E\0\0\0\u0020SFATAL\0C28000\0Mno such user\0\0");
        });
        start("""
                backend pg
                    option pgsql-check user haproxy
                    server ok %s check inter 100 rise 1 fall 1
                    server denied %s check inter 100 rise 1 fall 1
                """.formatted(pg.address(), denied.address()));
        awaitMessage("WARNING Server pg/denied is DOWN, reason: Layer7 invalid response, info: \"FATAL\", check "
                + "duration: {n}ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in "
                + "queue.");
        Await.until("ok checked", DEADLINE, () -> checked(server("pg", "ok")));
        assertThat(last(server("pg", "ok")).info()).isEqualTo("PostgreSQL server is ok");
        assertThat(pg.received().get(0)).isEqualTo("\0\0\0\u0016\0\u0003\0\0user\0haproxy\0\0");
    }

    @Test
    void mysqlCheckWithAndWithoutUser() throws Exception {
        ScriptedBackend mysql = backend(c -> {
            c.write(mysqlPacket(0, greeting()));
            c.readSome();
            c.write(mysqlPacket(2, new byte[] {0, 0, 0, 2, 0, 0, 0}));
            c.drain();
        });
        ScriptedBackend denied = backend(c -> {
            c.write(mysqlPacket(0, "\u00ff\u0015\u0004#28000Access denied for user".getBytes(StandardCharsets.ISO_8859_1)));
            c.drain();
        });
        start("""
                backend my
                    option mysql-check user haproxy
                    server ok %s check inter 100 rise 1 fall 1
                    server denied %s check inter 100 rise 1 fall 1
                backend greeting_only
                    option mysql-check
                    server ok %s check inter 100 rise 1 fall 1
                """.formatted(mysql.address(), denied.address(), mysql.address()));
        awaitMessage("WARNING Server my/denied is DOWN, reason: Layer7 wrong status, code: 1045, info: \"#28000Access "
                + "denied for user\", check duration: {n}ms. 1 active and 0 backup servers left. 0 sessions active, 0 "
                + "requeued, 0 remaining in queue.");
        Await.until("both ok checked", DEADLINE, () -> checked(server("my", "ok"))
                && checked(server("greeting_only", "ok")));
        assertThat(last(server("my", "ok"))).extracting(CheckResult::status, CheckResult::info)
                .containsExactly(CheckStatus.L7OK, "5.7.0-fake");
        assertThat(last(server("greeting_only", "ok")).info()).isEqualTo("5.7.0-fake");
        String login = mysql.received().stream().filter(r -> !r.isEmpty()).findFirst().orElseThrow();
        assertThat(login).startsWith(")\0\0\u0001\0\u0082\0\0\0\u0080\0\u0001!").contains("haproxy\0\0")
                .endsWith("\u0001\0\0\0\u0001");
    }

    @Test
    void checkSendProxyWritesAProxyLineFirst() throws Exception {
        ScriptedBackend plain = backend(c -> {
            c.readLine();
            c.drain();
        });
        ScriptedBackend web = backend(c -> {
            c.readLine();
            c.readHead();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        });
        start("""
                backend plain
                    server s %s check inter 100 check-send-proxy
                backend web
                    option httpchk GET /health
                    server s %s check inter 100 check-send-proxy
                """.formatted(plain.address(), web.address()));
        Await.until("both checked", DEADLINE, () -> checked(server("plain", "s")) && checked(server("web", "s"))
                && !plain.received().isEmpty() && plain.received().get(0).endsWith("\r\n"));
        assertThat(plain.received().get(0)).matches(template("PROXY TCP4 127.0.0.1 127.0.0.1 {n} " + plain.port()
                + "\r\n"));
        assertThat(web.received().get(0)).matches(template("PROXY TCP4 127.0.0.1 127.0.0.1 {n} " + web.port()
                + "\r\nGET /health HTTP/1.0\r\n\r\n"));
        assertThat(last(server("web", "s")).status()).isEqualTo(CheckStatus.L7OK);
    }

    @Test
    void logHealthChecksReportsEachChangeOfTheCounter() throws Exception {
        ScriptedBackend web = backend(ScriptedBackend.http(200, "OK", ""));
        start("""
                backend b
                    option log-health-checks
                    option httpchk
                    http-check expect status 200
                    server s %s check inter 100 rise 2 fall 3
                """.formatted(web.address()));
        awaitMessage("WARNING Health check for server b/s succeeded, reason: Layer7 check passed, code: 200, check "
                + "duration: {n}ms, status: 3/3 UP.");
        web.setConversation(ScriptedBackend.http(503, "Service Unavailable", ""));
        awaitMessage("WARNING Server b/s is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 "
                + "remaining in queue.");
        awaitMessage("ALERT backend b has no server available!");
        List<String> log = new ArrayList<>(messages.lines);
        int first = indexOf(log, "WARNING Health check for server b/s failed, reason: Layer7 wrong status, code: 503, "
                + "info: \"Service Unavailable\", check duration: {n}ms, status: 2/3 UP.");
        assertThat(log.subList(first, log.size())).hasSize(5).satisfies(l -> {
            assertThat(l.get(1)).matches(template("WARNING Health check for server b/s failed, reason: Layer7 wrong "
                    + "status, code: 503, info: \"Service Unavailable\", check duration: {n}ms, status: 1/3 UP."));
            assertThat(l.get(2)).matches(template("WARNING Health check for server b/s failed, reason: Layer7 wrong "
                    + "status, code: 503, info: \"Service Unavailable\", check duration: {n}ms, status: 0/2 DOWN."));
            assertThat(l.get(4)).isEqualTo("ALERT backend b has no server available!");
        });
        // An unchanged status and counter is not logged again.
        int before = messages.lines.size();
        int accepted = web.accepted();
        // The check after the next two has started, so those two have ended (checks never overlap).
        Await.until("two more failed checks", DEADLINE, () -> web.accepted() >= accepted + 3);
        assertThat(messages.lines).hasSize(before);
    }

    @Test
    void checksGoToThePortOption() throws Exception {
        ScriptedBackend health = backend(ScriptedBackend.http(200, "OK", ""));
        int closed = closedPort();
        start("""
                backend b
                    option httpchk
                    server s 127.0.0.1:%d check inter 100 rise 1 fall 1 port %d
                """.formatted(closed, health.port()));
        Await.until("a check", DEADLINE, () -> checked(server("b", "s")));
        assertThat(last(server("b", "s")).status()).isEqualTo(CheckStatus.L7OK);
        assertThat(health.accepted()).isPositive();
    }

    /** An SMTP server; one that refuses the hello closes the connection (else HAProxy waits for more). */
    private static ScriptedBackend.Conversation smtp(String ehloReply) {
        return c -> {
            c.write("220 mail.example ESMTP ready\r\n");
            c.readLine();
            if (!ehloReply.startsWith("2")) {
                c.write(ehloReply + "\r\n");
                return;
            }
            c.write("250-mail.example hello\r\n" + ehloReply + "\r\n");
            if (c.readLine() != null) {
                c.write("221 2.0.0 Bye\r\n");
            }
            c.drain();
        };
    }

    private static byte[] greeting() {
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

    private void start(String proxies) throws Exception {
        instance = Instance.start(Instance.parse(DEFAULTS + proxies, "t.cfg"), messages);
    }

    private HealthChecks checks() {
        return instance.checks();
    }

    private Server server(String backend, String name) {
        return instance.runtime().backends().get(backend).server(name);
    }

    private boolean checked(Server server) {
        return checks().status(server).orElseThrow().last().status() != CheckStatus.INI;
    }

    private CheckResult last(Server server) {
        return checks().status(server).orElseThrow().last();
    }

    private ScriptedBackend backend(ScriptedBackend.Conversation conversation) throws IOException {
        ScriptedBackend b = ScriptedBackend.start(conversation);
        closeLater.add(b);
        return b;
    }

    private String awaitMessage(String template) {
        Pattern p = Pattern.compile(template(template));
        Await.until("the message: " + template + "\nmessages so far: " + messages.lines, DEADLINE,
                () -> messages.lines.stream().anyMatch(l -> p.matcher(l).matches()));
        return messages.lines.stream().filter(l -> p.matcher(l).matches()).findFirst().orElseThrow();
    }

    private static int indexOf(List<String> log, String template) {
        Pattern p = Pattern.compile(template(template));
        for (int i = 0; i < log.size(); i++) {
            if (p.matcher(log.get(i)).matches()) {
                return i;
            }
        }
        throw new AssertionError("no message " + template + " in " + log);
    }

    private static long duration(String message) {
        java.util.regex.Matcher m = Pattern.compile("check duration: (\\d+)ms").matcher(message);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** A regex matching {@code text} literally, except that "{n}" stands for a number. */
    private static String template(String text) {
        return Pattern.quote(text).replace("{n}", "\\E\\d+\\Q");
    }

    /** A loopback port nothing listens on, held until the test ends so that nobody else binds it. */
    private int closedPort() {
        Ports.Refusing refusing = Ports.refusing();
        closeLater.add(refusing);
        return refusing.port();
    }
}
