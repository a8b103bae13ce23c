package bascule;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.testing.Await;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import bascule.testing.SyslogListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP seed configurations (document 002), rewritten to loopback addresses, route, redirect and persist
 * as their text describes. Lines of later features (TLS binds, logs, stick tables) are taken out, and the
 * snippets get the defaults and the backends they refer to.
 */
class SeedHttpRunTest {
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @TempDir
    Path dir;

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

    private static String seed(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/seeds", name));
    }

    private static final String DEFAULTS = """
            defaults
            mode http
            timeout connect 2s
            timeout client 10s
            timeout server 10s
            """;

    private static String backend(String name, HttpBackend b) {
        return "backend " + name + "\nserver s 127.0.0.1:" + b.port() + "\n";
    }

    @Test
    void httpsRouterSendsApiStaticAdminAndTheRestToTheirBackends() throws Exception {
        HttpBackend api = later(HttpBackend.start("api"));
        HttpBackend cdn = later(HttpBackend.start("cdn"));
        HttpBackend admin = later(HttpBackend.start("admin"));
        HttpBackend web = later(HttpBackend.start("web"));
        String cfg = DEFAULTS + seed("002-https-router.cfg")
                .replace("bind 10.10.10.1:443 ssl crt /etc/haproxy/certs/solvethenetwork.com.pem", "bind 127.0.0.1:0")
                + backend("api_cluster", api) + backend("cdn_origin", cdn) + backend("admin_backend", admin)
                + backend("web_servers", web);
        Instance p = later(Proxies.start(cfg));
        int port = Proxies.port(p);
        assertThat(HttpConn.get(port, "/api/v1/users").text()).isEqualTo("api /api/v1/users");
        assertThat(HttpConn.get(port, "/static/app.css").text()).isEqualTo("cdn /static/app.css");
        assertThat(HttpConn.get(port, "/assets/x.js").text()).isEqualTo("cdn /assets/x.js");
        assertThat(HttpConn.get(port, "/images/logo.png").text()).isEqualTo("cdn /images/logo.png");
        assertThat(HttpConn.get(port, "/admin/users").text()).isEqualTo("admin /admin/users");
        assertThat(HttpConn.get(port, "/").text()).isEqualTo("web /");
        assertThat(HttpConn.get(port, "/apix").text()).isEqualTo("web /apix");
    }

    @Test
    void httpsRouterAdminAclsAreOredSoTheInternalNetworkAloneReachesAdmin() throws Exception {
        HttpBackend admin = later(HttpBackend.start("admin"));
        HttpBackend web = later(HttpBackend.start("web"));
        HttpBackend other = later(HttpBackend.start("other"));
        // HAProxy ORs several 'acl' lines of one name; the clients here come from 127.0.0.1.
        String cfg = DEFAULTS + seed("002-https-router.cfg")
                .replace("bind 10.10.10.1:443 ssl crt /etc/haproxy/certs/solvethenetwork.com.pem", "bind 127.0.0.1:0")
                .replace("10.10.0.0/16", "127.0.0.0/8")
                + backend("api_cluster", other) + backend("cdn_origin", other) + backend("admin_backend", admin)
                + backend("web_servers", web);
        Instance p = later(Proxies.start(cfg));
        assertThat(HttpConn.get(Proxies.port(p), "/anything").text()).isEqualTo("admin /anything");
        assertThat(HttpConn.get(Proxies.port(p), "/api/x").text()).isEqualTo("other /api/x");
    }

    @Test
    void stickyAppPinsClientsWithTheServeridCookieAndMovesThemWhenTheirNodeIsDown() throws Exception {
        HttpBackend n1 = later(HttpBackend.start("node01"));
        HttpBackend n2 = later(HttpBackend.start("node02"));
        HttpBackend n3 = later(HttpBackend.start("node03"));
        String cfg = DEFAULTS + "frontend fe\nbind 127.0.0.1:0\ndefault_backend sticky_app\n"
                + seed("002-sticky-app.cfg")
                        .replace("stick-table type string len 32 size 100k expire 30m\n", "")
                        .replace("stick on cookie(SERVERID)\n", "")
                        .replace(" check ", " ")
                        .replace("10.10.60.11:8080", "127.0.0.1:" + n1.port())
                        .replace("10.10.60.12:8080", "127.0.0.1:" + n2.port())
                        .replace("10.10.60.13:8080", "127.0.0.1:" + n3.port());
        Instance p = later(Proxies.start(cfg));
        int port = Proxies.port(p);
        HttpConn.Response first = HttpConn.get(port, "/cart");
        String cookie = first.header("set-cookie");
        assertThat(cookie).matches("SERVERID=node0[123]; path=/");
        String node = cookie.substring("SERVERID=".length(), cookie.indexOf(';'));
        assertThat(first.header("cache-control")).isEqualTo("private");
        for (int i = 0; i < 5; i++) {
            HttpConn.Response r = HttpConn.get(port, "/cart/" + i, "Cookie: SERVERID=" + node);
            assertThat(r.text()).isEqualTo(node + " /cart/" + i);
            assertThat(r.header("set-cookie")).isNull();
        }
        p.runtime().backends().get("sticky_app").server(node).setAdminState(bascule.proxy.AdminState.MAINT);
        HttpConn.Response moved = HttpConn.get(port, "/cart/9", "Cookie: SERVERID=" + node);
        assertThat(moved.text()).doesNotStartWith(node).endsWith(" /cart/9");
        String newNode = moved.text().substring(0, moved.text().indexOf(' '));
        assertThat(moved.header("set-cookie")).isEqualTo("SERVERID=" + newNode + "; path=/");
    }

    @Test
    void baseConfigRedirectsPlainHttpToHttpsAndChecksWebServers() throws Exception {
        HttpBackend[] web = new HttpBackend[3];
        for (int i = 0; i < 3; i++) {
            String name = "web0" + (i + 1);
            web[i] = later(HttpBackend.start(name, r -> r.uri().equals("/healthz")
                    ? HttpBackend.ok("healthy") : HttpBackend.ok(name)));
        }
        Path errorfile = dir.resolve("503.http");
        Files.writeString(errorfile, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 5\r\n\r\nsorry");
        SyslogListener syslog = later(new SyslogListener());
        String cfg = seed("002-base.cfg")
                .replace("chroot /var/lib/haproxy\n", "")
                .replace("user haproxy\n", "")
                .replace("group haproxy\n", "")
                .replace("daemon\n", "")
                .replace("pidfile /var/run/haproxy.pid\n", "")
                .replace("log 127.0.0.1 local0\n", "log 127.0.0.1:" + syslog.port() + " local0\n")
                .replace("log 127.0.0.1 local1 notice\n", "log 127.0.0.1:" + syslog.port() + " local1 notice\n")
                .replace("/var/run/haproxy/admin.sock", dir.resolve("admin.sock").toString())
                .replace("/etc/haproxy/errors/503.http", errorfile.toString())
                .replace("bind 10.10.10.1:80", "bind 127.0.0.1:0")
                .replace("bind 10.10.10.1:443 ssl crt /etc/haproxy/certs/solvethenetwork.com.pem\n", "")
                .replace("10.10.10.11:8080", "127.0.0.1:" + web[0].port())
                .replace("10.10.10.12:8080", "127.0.0.1:" + web[1].port())
                .replace("10.10.10.13:8080", "127.0.0.1:" + web[2].port());
        Instance p = later(Proxies.start(cfg));
        int port = Proxies.port(p);
        HttpConn.Response r = HttpConn.get(port, "/login?next=/home");
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("location")).isEqualTo("https://test/login?next=/home");
        // 'log global' with 'option httplog': the redirect is logged once per global target (local0 takes info,
        // local1 only notice and above), as a local answer.
        String line = nextTraffic(syslog);
        assertThat(line).startsWith("<134>").matches("(?s).*: 127\\.0\\.0\\.1:\\d+ \\[[^]]+\\] http_in "
                + "http_in/<NOSRV> \\d+/-1/-1/-1/\\d+ 302 \\d+ - - LR-- \\d+/1/0/0/0 0/0 \"GET /login\\?next=/home "
                + "HTTP/1\\.1\"\n");
        // The health checks send the seed's request, Host header included.
        Await.until("health checks reached the servers", Duration.ofSeconds(10),
                () -> web[0].requests().stream().anyMatch(q -> q.uri().equals("/healthz")));
        HttpBackend.Request check = web[0].requests().stream().filter(q -> q.uri().equals("/healthz"))
                .findFirst().orElseThrow();
        assertThat(check.header("Host")).isEqualTo("solvethenetwork.com");
    }

    /** The next line that is not a process message ("Proxy x started.", server state changes). */
    private static String nextTraffic(SyslogListener s) throws InterruptedException {
        while (true) {
            String l = s.next(Duration.ofSeconds(5));
            if (SyslogListener.message(l).startsWith("127.0.0.1")) {
                return l;
            }
        }
    }

    @Test
    void statsBlockServesThePageBehindItsPassword() throws Exception {
        // The seed's stats block, on the base config's defaults (mode http), bound on loopback.
        String cfg = DEFAULTS + seed("002-stats.cfg").replace("bind 10.10.10.1:8404", "bind 127.0.0.1:0");
        Instance p = later(Proxies.start(cfg));
        int port = Proxies.port(p);
        HttpConn.Response denied = HttpConn.get(port, "/haproxy?stats");
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.header("www-authenticate")).isEqualTo("Basic realm=\"HAProxy Statistics\"");
        String auth = java.util.Base64.getEncoder().encodeToString("infrarunbook-admin:S3cur3P@ssw0rd!"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpConn.Response page = HttpConn.get(port, "/haproxy?stats", "Authorization: Basic " + auth);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("refresh")).isEqualTo("5");
        String html = page.text();
        assertThat(html).contains(java.net.InetAddress.getLocalHost().getHostName()) // show-node
                .contains("stats").doesNotContain(bascule.BuildInfo.version()); // hide-version
        HttpConn.Response csv = HttpConn.get(port, "/haproxy?stats;csv", "Authorization: Basic " + auth);
        assertThat(csv.text()).startsWith("# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,");
    }

    @Test
    void loggingBlockLogsEachRequestWithTheSeedFormat() throws Exception {
        SyslogListener syslog = later(new SyslogListener());
        HttpBackend web = later(HttpBackend.start("web"));
        String cfg = seed("002-logging.cfg").replace("log 127.0.0.1:514 local0 info",
                "log 127.0.0.1:" + syslog.port() + " local0 info")
                + "mode http\ntimeout connect 2s\ntimeout client 10s\ntimeout server 10s\n"
                + "frontend www\nbind 127.0.0.1:0\ndefault_backend app\n" + backend("app", web);
        Instance p = later(Proxies.start(cfg));
        HttpConn.get(Proxies.port(p), "/page?id=3");
        String line = nextTraffic(syslog);
        // "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %{+Q}r"
        assertThat(SyslogListener.message(line)).matches("127\\.0\\.0\\.1:\\d+ \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:"
                + "\\d\\d\\.\\d{3}\\] www app/s \\d+/0/\\d+/\\d+/\\d+ 200 \\d+ ---- \\d+/1/0/0/0 \"GET /page\\?id=3 HTTP/1\\.1\"\n");
    }

    @Test
    void appPoolSendsTrafficOnlyToServersWhoseHealthBodyMatches() throws Exception {
        HttpBackend ok = later(HttpBackend.start("app01", r -> r.uri().equals("/api/health")
                ? HttpBackend.ok("{\"status\":\"ok\"}") : HttpBackend.ok("app01")));
        HttpBackend bad = later(HttpBackend.start("app02", r -> r.uri().equals("/api/health")
                ? HttpBackend.ok("{\"status\":\"degraded\"}") : HttpBackend.ok("app02")));
        String cfg = DEFAULTS + "frontend fe\nbind 127.0.0.1:0\ndefault_backend app_pool\n"
                + seed("002-app-pool.cfg")
                        .replace("inter 5s", "inter 100ms")
                        .replace("10.10.50.11:8080", "127.0.0.1:" + ok.port())
                        .replace("10.10.50.12:8080", "127.0.0.1:" + bad.port());
        Instance p = later(Proxies.start(cfg));
        var app02 = p.runtime().backends().get("app_pool").server("app02");
        Await.until("app02 marked DOWN", Duration.ofSeconds(10), () -> !app02.isHealthy());
        for (int i = 0; i < 4; i++) {
            assertThat(HttpConn.get(Proxies.port(p), "/x").text()).isEqualTo("app01");
        }
    }
}
