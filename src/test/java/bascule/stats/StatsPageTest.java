package bascule.stats;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.admin.StatFields;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stats page on real loopback sockets: authentication, formats, scope, and the admin form. */
class StatsPageTest {
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

    static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Instance instance;
    private HttpBackend a;
    private HttpBackend b;

    /** A stats listener (port 0) and an application listener (port 1) balancing over backends a and b. */
    private void start(String statsLines) throws Exception {
        a = later(HttpBackend.start("a"));
        b = later(HttpBackend.start("b"));
        instance = later(Proxies.start(DEFAULTS + """
                listen stats
                    bind 127.0.0.1:0
                %s
                listen app
                    bind 127.0.0.1:0
                    balance roundrobin
                    server a 127.0.0.1:%d
                    server b 127.0.0.1:%d
                """.formatted(statsLines, a.port(), b.port())));
    }

    private int statsPort() {
        return Proxies.port(instance, 0);
    }

    private int appPort() {
        return Proxies.port(instance, 1);
    }

    @Test
    void withoutValidCredentialsTheAnswerIs401WithTheRealm() throws Exception {
        start("""
                    stats uri /st
                    stats realm My\\ Stats
                    stats auth admin:secret
                    stats auth ops:pw
                """);
        HttpConn.Response none = HttpConn.get(statsPort(), "/st");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("www-authenticate")).isEqualTo("Basic realm=\"My Stats\"");
        assertThat(none.text()).isEqualTo("<html><body><h1>401 Unauthorized</h1>\nYou need a valid user and "
                + "password to access this content.\n</body></html>\n");
        assertThat(HttpConn.get(statsPort(), "/st", basic("admin", "wrong")).status()).isEqualTo(401);
        HttpConn.Response ok = HttpConn.get(statsPort(), "/st", basic("ops", "pw"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("content-type")).isEqualTo("text/html");
        assertThat(ok.header("cache-control")).isEqualTo("no-cache");
        assertThat(ok.text()).contains("<h3>&gt; General process information</h3>", "class=\"tbl\"");
        // The page is only under its prefix and for GET, HEAD and POST: the rest goes to the servers (none: 503).
        assertThat(HttpConn.get(statsPort(), "/other").status()).isEqualTo(503);
        try (HttpConn c = new HttpConn(statsPort())) {
            assertThat(c.request("PUT", "/st", "Content-Length: 0").status()).isEqualTo(503);
        }
        try (HttpConn c = new HttpConn(statsPort())) {
            HttpConn.Response head = c.request("HEAD", "/st", basic("ops", "pw"));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-type")).isEqualTo("text/html");
        }
    }

    @Test
    void csvIsShowStatAndJsonIsShowStatJson() throws Exception {
        start("""
                    stats enable
                    stats refresh 7s
                """);
        HttpConn.Response csv = HttpConn.get(statsPort(), "/haproxy?stats;csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).isEqualTo("text/plain");
        assertThat(csv.header("refresh")).isEqualTo("7");
        String[] lines = csv.text().split("\n");
        assertThat(lines[0] + "\n").isEqualTo(StatFields.csvHeader());
        assertThat(lines[0]).startsWith("# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,");
        assertThat(lines).extracting(l -> l.split(",", 3)[0] + "," + l.split(",", 3)[1]).containsSubsequence(
                "stats,FRONTEND", "stats,BACKEND", "app,FRONTEND", "app,a", "app,b", "app,BACKEND");
        // The same rows as the runtime API shows (no stats socket here, so compare the shape of each line).
        for (String l : lines) {
            assertThat(l.chars().filter(c -> c == ',').count()).isEqualTo(
                    lines[0].chars().filter(c -> c == ',').count());
        }
        HttpConn.Response noRefresh = HttpConn.get(statsPort(), "/haproxy?stats;csv;norefresh");
        assertThat(noRefresh.header("refresh")).isNull();

        HttpConn.Response json = HttpConn.get(statsPort(), "/haproxy?stats;json");
        assertThat(json.header("content-type")).isEqualTo("application/json");
        assertThat(json.text()).startsWith("[[{\"objType\":\"Frontend\",\"proxyId\":1,\"id\":0,\"field\":{\"pos\":0,"
                + "\"name\":\"pxname\"},\"processNum\":1,\"tags\":{\"origin\":\"Key\",\"nature\":\"Name\",\"scope\":"
                + "\"Service\"},\"value\":{\"type\":\"str\",\"value\":\"stats\"}}");
    }

    @Test
    void csvEqualsShowStatOfTheRuntimeApi() throws Exception {
        a = later(HttpBackend.start("a"));
        java.nio.file.Path sock = java.nio.file.Files.createTempDirectory("stats").resolve("admin.sock");
        instance = later(Proxies.start("""
                global
                    stats socket %s level operator
                """.formatted(sock) + DEFAULTS + """
                listen stats
                    bind 127.0.0.1:0
                    stats uri /s
                    stats show-legends
                    server a 127.0.0.1:%d
                """.formatted(a.port())));
        String csv = HttpConn.get(statsPort(), "/s;csv").text();
        String cli = CliClient.ask(sock, "show stat\n");
        // Counters move with each request (the page's own); compare everything but the traffic columns.
        assertThat(mask(csv)).isEqualTo(mask(cli));
    }

    private static String mask(String csv) {
        StringBuilder out = new StringBuilder();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",", -1);
            for (String c : List.of("scur", "smax", "stot", "bin", "bout", "rate", "rate_max", "conn_rate",
                    "conn_rate_max", "conn_tot", "lastsess", "req_tot", "req_rate", "req_rate_max", "hrsp_2xx",
                    "hrsp_4xx", "intercepted", "lastchg", "ttime", "ttime_max", "h1_open_connections",
                    "h1_open_streams", "h1_total_connections", "h1_total_streams", "h1_bytes_in", "h1_bytes_out")) {
                int pos = StatFields.position(c);
                int idx = pos >= StatFields.position("ssl_sess") ? pos + 1 : pos; // the "-" column
                if (!line.startsWith("#") && idx < f.length) {
                    f[idx] = "*";
                }
            }
            out.append(String.join(",", f)).append('\n');
        }
        return out.toString();
    }

    @Test
    void scopeLimitsTheProxiesShown() throws Exception {
        start("""
                    stats scope app
                """);
        String csv = HttpConn.get(statsPort(), "/haproxy?stats;csv").text();
        assertThat(csv).contains("\napp,FRONTEND,").doesNotContain("\nstats,");
        String html = HttpConn.get(statsPort(), "/haproxy?stats").text();
        assertThat(html).contains("<a name=\"app\"></a>").doesNotContain("<a name=\"stats\"></a>");
        // The page's own scope box filters further by a part of the name.
        assertThat(HttpConn.get(statsPort(), "/haproxy?stats;csv;scope=zz").text()).doesNotContain("\napp,");
    }

    @Test
    void upHidesServersInMaintenance() throws Exception {
        start("""
                    stats enable
                    stats admin if TRUE
                """);
        instance.runtime().backends().get("app").server("b").setAdminState(bascule.proxy.AdminState.MAINT);
        String all = HttpConn.get(statsPort(), "/haproxy?stats;csv").text();
        String up = HttpConn.get(statsPort(), "/haproxy?stats;csv;up").text();
        assertThat(all).contains("\napp,b,");
        assertThat(up).contains("\napp,a,").doesNotContain("\napp,b,");
        assertThat(HttpConn.get(statsPort(), "/haproxy?stats").text()).contains("<tr class=\"maintain\">");
    }

    @Test
    void headerHonoursNodeDescriptionVersionAndRefresh() throws Exception {
        start("""
                    stats uri /s
                    stats show-node edge-1
                    stats show-desc Primary balancer
                    stats hide-version
                    stats refresh 5s
                """);
        HttpConn.Response r = HttpConn.get(statsPort(), "/s");
        assertThat(r.header("refresh")).isEqualTo("5");
        assertThat(r.text()).contains("<title>Statistics Report for Bascule on edge-1</title>",
                " on edge-1: Primary balancer</h2>", "<h1>Bascule</h1>", "Disable refresh");
        assertThat(HttpConn.get(statsPort(), "/s;norefresh").header("refresh")).isNull();
    }

    @Test
    void adminPostDrainsAServerAndTrafficStopsGoingThere() throws Exception {
        start("""
                    stats uri /admin
                    stats auth admin:secret
                    stats admin if LOCALHOST
                """);
        for (int i = 0; i < 4; i++) {
            assertThat(HttpConn.get(appPort(), "/x").status()).isEqualTo(200);
        }
        assertThat(b.requests()).hasSize(2);
        String html = HttpConn.get(statsPort(), "/admin", basic("admin", "secret")).text();
        assertThat(html).contains("<form method=\"post\">", "name=\"s\" value=\"b\"", "<option value=\"drain\">",
                "<input type=\"hidden\" name=\"b\" value=\"#2\">");

        HttpConn.Response post = post(statsPort(), "/admin", "s=b&action=drain&b=%232", basic("admin", "secret"));
        assertThat(post.status()).isEqualTo(303);
        assertThat(post.header("location")).isEqualTo("/admin;st=DONE");
        assertThat(post.header("content-length")).isEqualTo("0");
        assertThat(HttpConn.get(statsPort(), "/admin;csv", basic("admin", "secret")).text()).contains("\napp,b,")
                .containsPattern("\napp,b,([^,]*,){15}DRAIN,");
        assertThat(HttpConn.get(statsPort(), "/admin;st=DONE", basic("admin", "secret")).text())
                .contains("Action processed successfully.", "<tr class=\"active_draining\">");
        int before = b.requests().size();
        for (int i = 0; i < 6; i++) {
            assertThat(HttpConn.get(appPort(), "/y").status()).isEqualTo(200);
        }
        assertThat(b.requests()).hasSize(before);

        // HAProxy's result codes: some names unknown, none known, no server at all, unknown backend or action.
        assertThat(post(statsPort(), "/admin;up", "s=b&s=zz&action=ready&b=app", basic("admin", "secret"))
                .header("location")).isEqualTo("/admin;st=PART;up");
        assertThat(post(statsPort(), "/admin", "s=zz&action=ready&b=%232", basic("admin", "secret"))
                .header("location")).isEqualTo("/admin;st=ERRP");
        assertThat(post(statsPort(), "/admin", "action=ready&b=%232", basic("admin", "secret"))
                .header("location")).isEqualTo("/admin;st=NONE");
        assertThat(post(statsPort(), "/admin", "s=a&action=ready&b=%238", basic("admin", "secret"))
                .header("location")).isEqualTo("/admin;st=ERRP");
        // "Health: force NOLB" soft-stops a server (checked or not), "force UP" brings it back.
        assertThat(post(statsPort(), "/admin", "s=a&action=hnolb&b=%232", basic("admin", "secret"))
                .header("location")).isEqualTo("/admin;st=DONE");
        assertThat(HttpConn.get(statsPort(), "/admin;csv", basic("admin", "secret")).text())
                .containsPattern("\napp,a,([^,]*,){15}NOLB,");
        assertThat(HttpConn.get(statsPort(), "/admin", basic("admin", "secret")).text())
                .contains("<tr class=\"active_nolb\">", "<option value=\"hnolb\">Health: force NOLB</option>");
        assertThat(post(statsPort(), "/admin", "s=a&action=hrunn&b=%232", basic("admin", "secret"))
                .header("location")).isEqualTo("/admin;st=DONE");
        // Health checks cannot be disabled on a server without them: nothing applies.
        assertThat(post(statsPort(), "/admin", "s=a&action=dhlth&b=%232", basic("admin", "secret"))
                .header("location")).isEqualTo("/admin;st=NONE");
        Await.until("b back in rotation", Duration.ofSeconds(5), () -> {
            try {
                HttpConn.get(appPort(), "/z");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return b.requests().size() > before;
        });
    }

    @Test
    void forcingHealthDownTakesAServerOutOfTrafficAndForcingItUpBringsItBack() throws Exception {
        start("""
                    stats uri /admin
                    stats admin if TRUE
                """);
        String html = HttpConn.get(statsPort(), "/admin").text();
        assertThat(html).contains("<option value=\"hrunn\">Health: force UP</option>"
                + "<option value=\"hnolb\">Health: force NOLB</option><option value=\"hdown\">Health: force DOWN</option>",
                "<option value=\"arunn\">Agent: force UP</option><option value=\"adown\">Agent: force DOWN</option>");
        assertThat(post(statsPort(), "/admin", "s=b&action=hdown&b=app").header("location"))
                .isEqualTo("/admin;st=DONE");
        assertThat(HttpConn.get(statsPort(), "/admin;csv").text()).containsPattern("\napp,b,([^,]*,){15}DOWN,");
        int before = b.requests().size();
        for (int i = 0; i < 4; i++) {
            assertThat(HttpConn.get(appPort(), "/down").status()).isEqualTo(200);
        }
        assertThat(b.requests()).hasSize(before);
        // No agent on b: forcing the agent applies to nothing.
        assertThat(post(statsPort(), "/admin", "s=b&action=arunn&b=app").header("location"))
                .isEqualTo("/admin;st=NONE");
        assertThat(post(statsPort(), "/admin", "s=b&action=hrunn&b=app").header("location"))
                .isEqualTo("/admin;st=DONE");
        assertThat(HttpConn.get(statsPort(), "/admin;csv").text()).containsPattern("\napp,b,([^,]*,){15}no check,");
        for (int i = 0; i < 4; i++) {
            assertThat(HttpConn.get(appPort(), "/up").status()).isEqualTo(200);
        }
        assertThat(b.requests()).hasSize(before + 2);
    }

    @Test
    void postWithoutAdminRightsIsDenied() throws Exception {
        start("""
                    stats enable
                    stats admin if FALSE
                """);
        HttpConn.Response post = post(statsPort(), "/haproxy?stats", "s=b&action=maint&b=app");
        assertThat(post.status()).isEqualTo(303);
        assertThat(post.header("location")).isEqualTo("/haproxy?stats;st=DENY");
        assertThat(instance.runtime().backends().get("app").server("b").adminState())
                .isEqualTo(bascule.proxy.AdminState.READY);
        assertThat(HttpConn.get(statsPort(), "/haproxy?stats").text()).doesNotContain("<form method=\"post\">");
    }

    static HttpConn.Response post(int port, String uri, String body, String... headers) throws java.io.IOException {
        try (HttpConn c = new HttpConn(port)) {
            StringBuilder s = new StringBuilder("POST ").append(uri).append(" HTTP/1.1\r\nHost: test\r\n")
                    .append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                    .append(body.length()).append("\r\n");
            for (String h : headers) {
                s.append(h).append("\r\n");
            }
            c.send(s.append("\r\n").append(body).toString());
            return c.read();
        }
    }
}
