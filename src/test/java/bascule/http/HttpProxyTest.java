package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP mode on real loopback sockets: proxying, keep-alive, bodies, persistence, errors, tunnels. */
class HttpProxyTest {
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
    }

    private <T extends AutoCloseable> T later(T c) {
        closeLater.add(c);
        return c;
    }

    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 2s
                timeout client 10s
                timeout server 10s
            """;

    private int start(String config) throws Exception {
        Instance i = later(Proxies.start(DEFAULTS + config));
        return Proxies.port(i);
    }

    @Test
    void roundRobinWithForwardForAndServerKeepAlive() throws Exception {
        HttpBackend a = later(HttpBackend.start("a"));
        HttpBackend b = later(HttpBackend.start("b"));
        int port = start("""
                frontend fe
                    bind 127.0.0.1:0
                    option forwardfor
                    default_backend be
                backend be
                    server a 127.0.0.1:%d
                    server b 127.0.0.1:%d
                """.formatted(a.port(), b.port()));
        try (HttpConn c = later(new HttpConn(port))) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HttpConn.Response r = c.request("GET", "/p" + i);
                assertThat(r.status()).isEqualTo(200);
                bodies.add(r.text());
            }
            assertThat(bodies).containsExactly("a /p0", "b /p1", "a /p2", "b /p3");
        }
        assertThat(a.last().header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(a.last().header("Host")).isEqualTo("test");
        assertThat(a.last().version()).isEqualTo("HTTP/1.1");
    }

    @Test
    void keepAliveReusesTheServerConnection() throws Exception {
        HttpBackend a = later(HttpBackend.start("a"));
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    server a 127.0.0.1:%d
                """.formatted(a.port()));
        try (HttpConn c = later(new HttpConn(port))) {
            for (int i = 0; i < 5; i++) {
                assertThat(c.request("GET", "/" + i).text()).isEqualTo("a /" + i);
            }
        }
        assertThat(a.requests()).hasSize(5);
        assertThat(a.connections()).isEqualTo(1);
        assertThat(a.last().header("Connection")).isNull();
    }

    @Test
    void serverCloseModeClosesTheServerSideOnly() throws Exception {
        HttpBackend a = later(HttpBackend.start("a"));
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    option http-server-close
                    server a 127.0.0.1:%d
                """.formatted(a.port()));
        try (HttpConn c = later(new HttpConn(port))) {
            for (int i = 0; i < 3; i++) {
                HttpConn.Response r = c.request("GET", "/" + i);
                assertThat(r.header("connection")).isNull();
            }
        }
        assertThat(a.connections()).isEqualTo(3);
        assertThat(a.last().header("Connection")).isEqualTo("close");
    }

    @Test
    void httpcloseClosesBothSides() throws Exception {
        HttpBackend a = later(HttpBackend.start("a"));
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    option httpclose
                    server a 127.0.0.1:%d
                """.formatted(a.port()));
        try (HttpConn c = later(new HttpConn(port))) {
            HttpConn.Response r = c.request("GET", "/");
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void requestBodiesArriveIntactWithLengthOrChunks() throws Exception {
        HttpBackend a = later(HttpBackend.start("a", r -> HttpBackend.ok("got " + r.body().length)));
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    server a 127.0.0.1:%d
                """.formatted(a.port()));
        byte[] body = new byte[1_500_000];
        new Random(7).nextBytes(body);
        try (HttpConn c = later(new HttpConn(port))) {
            c.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n");
            c.send(body);
            assertThat(c.read().text()).isEqualTo("got " + body.length);
            assertThat(a.last().body()).isEqualTo(body);

            c.send("POST /chunks HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("got 11");
            assertThat(a.last().bodyText()).isEqualTo("hello world");
        }
    }

    @Test
    void largeResponsesStreamAndCloseDelimitedOnesGetChunked() throws Exception {
        String big = "x".repeat(3_000_000);
        HttpBackend a = later(HttpBackend.start("a", r -> r.uri().equals("/eof")
                ? "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end".getBytes(StandardCharsets.ISO_8859_1)
                : HttpBackend.ok(big)));
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    server a 127.0.0.1:%d
                """.formatted(a.port()));
        try (HttpConn c = later(new HttpConn(port))) {
            assertThat(c.request("GET", "/big").text()).isEqualTo(big);
            HttpConn.Response r = c.request("GET", "/eof");
            assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(r.text()).isEqualTo("until the end");
            assertThat(c.request("GET", "/big").body()).hasSize(big.length()); // still alive
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        HttpBackend a = later(HttpBackend.start("a"));
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    server a 127.0.0.1:%d
                """.formatted(a.port()));
        try (HttpConn c = later(new HttpConn(port))) {
            c.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\nHEAD /3 HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /4 HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("a /1");
            assertThat(c.read().text()).isEqualTo("a /2");
            assertThat(c.read(true).status()).isEqualTo(200);
            assertThat(c.read().text()).isEqualTo("a /4");
        }
    }

    @Test
    void http10ClientsGetTheirVersionAndAClose() throws Exception {
        HttpBackend a = later(HttpBackend.start("a"));
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    server a 127.0.0.1:%d
                """.formatted(a.port()));
        try (HttpConn c = later(new HttpConn(port))) {
            c.send("GET /old HTTP/1.0\r\n\r\n");
            HttpConn.Response r = c.read();
            assertThat(r.head()).startsWith("HTTP/1.0 200");
            assertThat(r.text()).isEqualTo("a /old");
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(a.last().version()).isEqualTo("HTTP/1.1");
    }

    @Test
    void cookieInsertPinsClientsAndMovesThemWhenTheServerIsDown() throws Exception {
        HttpBackend a = later(HttpBackend.start("a"));
        HttpBackend b = later(HttpBackend.start("b"));
        Instance i = later(Proxies.start(DEFAULTS + """
                listen sticky
                    bind 127.0.0.1:0
                    balance roundrobin
                    cookie SERVERID insert indirect nocache
                    server node01 127.0.0.1:%d cookie node01
                    server node02 127.0.0.1:%d cookie node02
                """.formatted(a.port(), b.port())));
        int port = Proxies.port(i);
        HttpConn.Response first = HttpConn.get(port, "/");
        assertThat(first.text()).isEqualTo("a /");
        assertThat(first.header("set-cookie")).isEqualTo("SERVERID=node01; path=/");
        assertThat(first.header("cache-control")).isEqualTo("private");
        for (int n = 0; n < 3; n++) {
            HttpConn.Response pinned = HttpConn.get(port, "/x", "Cookie: SERVERID=node02; other=1");
            assertThat(pinned.text()).isEqualTo("b /x");
            assertThat(pinned.header("set-cookie")).isNull(); // indirect: the client has a valid one
        }
        assertThat(b.last().header("Cookie")).isEqualTo("other=1"); // indirect hides it from the server
        i.runtime().backends().get("sticky").server("node02").setAdminState(bascule.proxy.AdminState.MAINT);
        HttpConn.Response moved = HttpConn.get(port, "/y", "Cookie: SERVERID=node02");
        assertThat(moved.text()).isEqualTo("a /y");
        assertThat(moved.header("set-cookie")).isEqualTo("SERVERID=node01; path=/");
    }

    @Test
    void errorsHaveHaproxyStatusCodes() throws Exception {
        HttpBackend garbage = later(HttpBackend.start("g", r -> "NOT HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        HttpBackend slow = later(HttpBackend.start("s", r -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HttpBackend.ok("late");
        }));
        int port = start("""
                frontend fe
                    bind 127.0.0.1:0
                    use_backend none if { path /none }
                    use_backend garbage if { path /garbage }
                    use_backend slow if { path /slow }
                    default_backend none
                backend none
                    server down 127.0.0.1:%d
                backend garbage
                    server g 127.0.0.1:%d
                backend slow
                    timeout server 300ms
                    server s 127.0.0.1:%d
                """.formatted(later(bascule.testing.Ports.refusing()).port(), garbage.port(), slow.port()));
        HttpConn.Response none = HttpConn.get(port, "/none");
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.text()).contains("503 Service Unavailable");
        assertThat(HttpConn.get(port, "/garbage").status()).isEqualTo(502);
        assertThat(HttpConn.get(port, "/slow").status()).isEqualTo(504);
        try (HttpConn c = later(new HttpConn(port))) {
            c.send("GET / HTTP/1.1\r\n\r\n");
            HttpConn.Response r = c.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void timeoutHttpRequestAnswers408() throws Exception {
        HttpBackend a = later(HttpBackend.start("a"));
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    timeout http-request 300ms
                    server a 127.0.0.1:%d
                """.formatted(a.port()));
        try (HttpConn c = later(new HttpConn(port))) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n");
            assertThat(c.read().status()).isEqualTo(408);
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(a.requests()).isEmpty();
    }

    @Test
    void monitorUriAnswersWithoutAServer() throws Exception {
        int port = start("""
                frontend fe
                    bind 127.0.0.1:0
                    monitor-uri /health
                """);
        HttpConn.Response r = HttpConn.get(port, "/health");
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void upgradeBecomesATunnel() throws Exception {
        java.net.ServerSocket ws = later(new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(() -> {
            try (java.net.Socket s = ws.accept()) {
                java.io.InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\nhello").getBytes(StandardCharsets.ISO_8859_1));
                byte[] buf = new byte[5];
                int n = in.readNBytes(buf, 0, 5);
                s.getOutputStream().write(("echo:" + new String(buf, 0, n, StandardCharsets.ISO_8859_1))
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                in.read();
            } catch (java.io.IOException e) {
                // test over
            }
        });
        int port = start("""
                listen li
                    bind 127.0.0.1:0
                    timeout tunnel 5s
                    server w 127.0.0.1:%d
                """.formatted(ws.getLocalPort()));
        try (HttpConn c = later(new HttpConn(port))) {
            c.send("GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
            HttpConn.Response r = c.read(true);
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("upgrade")).isEqualTo("websocket");
            assertThat(c.readBytes(5)).isEqualTo("hello");
            c.send("ABCDE");
            assertThat(c.readBytes(10)).isEqualTo("echo:ABCDE");
        }
    }
}
