package bascule.stats;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.Client;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exporter through a real HTTP frontend on loopback, with traffic sent to real servers: the counters it
 * shows move with the traffic, the latency histograms count every stream (HTTP and TCP), the query
 * parameters select what HAProxy's do, and every answer is valid Prometheus text.
 */
@Timeout(60)
class PrometheusExporterTest {
    static final String RAW = "GET /raw HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    static HttpBackend web;
    static Instance bascule;
    static int http;
    static int tcp;

    @BeforeAll
    static void start() throws Exception {
        web = HttpBackend.start("web");
        bascule = Proxies.start("""
                global
                    maxconn 500
                defaults
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    mode http
                    bind 127.0.0.1:0
                    http-request use-service prometheus-exporter if { path /metrics }
                    default_backend be
                backend be
                    mode http
                    server web 127.0.0.1:%d
                    server spare 127.0.0.1:%d disabled
                listen tcpl
                    mode tcp
                    bind 127.0.0.1:0
                    server t 127.0.0.1:%d
                """.formatted(web.port(), web.port(), web.port()));
        http = Proxies.port(bascule, 0);
        tcp = Proxies.port(bascule, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        bascule.close();
        web.close();
    }

    static HttpConn.Response scrape(String query) throws IOException {
        return HttpConn.get(http, "/metrics" + query);
    }

    static Map<String, PromParser.Family> metrics(String query) throws IOException {
        HttpConn.Response r = scrape(query);
        assertThat(r.status()).isEqualTo(200);
        return PromParser.parse(new String(r.body(), StandardCharsets.UTF_8));
    }

    /** The value of one series, by its key ({@code name{a="1"}}); fails when absent. */
    static double value(Map<String, PromParser.Family> m, String key) {
        for (PromParser.Family f : m.values()) {
            for (PromParser.Sample s : f.samples()) {
                if (s.key().equals(key)) {
                    return s.value();
                }
            }
        }
        throw new AssertionError("no series " + key + " in " + m.keySet());
    }

    static boolean has(Map<String, PromParser.Family> m, String key) {
        return m.values().stream().flatMap(f -> f.samples().stream()).anyMatch(s -> s.key().equals(key));
    }

    @Test
    void answersWithPrometheusTextAndHaproxysHeaders() throws Exception {
        HttpConn.Response r = scrape("");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("text/plain; version=0.0.4");
        assertThat(r.header("cache-control")).isEqualTo("no-cache");
        Map<String, PromParser.Family> m = PromParser.parse(new String(r.body(), StandardCharsets.UTF_8));
        assertThat(m).containsKeys("haproxy_process_uptime_seconds", "haproxy_frontend_current_sessions",
                "haproxy_backend_status", "haproxy_server_status", PrometheusExporter.HISTOGRAM);
        assertThat(m.get("haproxy_frontend_http_requests_total").type()).isEqualTo("counter");
        assertThat(m.get("haproxy_frontend_current_sessions").type()).isEqualTo("gauge");
        assertThat(m.get(PrometheusExporter.HISTOGRAM).type()).isEqualTo("histogram");
        assertThat(m.get("haproxy_process_build_info").samples().get(0).labels()).containsKey("version");
        // HTTP-only metrics leave the TCP proxy out; the others list it.
        assertThat(has(m, "haproxy_frontend_http_requests_total{proxy=\"fe\"}")).isTrue();
        assertThat(has(m, "haproxy_frontend_http_requests_total{proxy=\"tcpl\"}")).isFalse();
        assertThat(has(m, "haproxy_frontend_sessions_total{proxy=\"tcpl\"}")).isTrue();
        assertThat(has(m, "haproxy_server_http_responses_total{proxy=\"be\",server=\"web\",code=\"2xx\"}")).isTrue();
        assertThat(has(m, "haproxy_server_http_responses_total{proxy=\"tcpl\",server=\"t\",code=\"2xx\"}")).isFalse();
        // States as labels, one set to 1.
        assertThat(value(m, "haproxy_server_status{proxy=\"be\",server=\"web\",state=\"UP\"}")).isEqualTo(1);
        assertThat(value(m, "haproxy_server_status{proxy=\"be\",server=\"spare\",state=\"MAINT\"}")).isEqualTo(1);
        assertThat(value(m, "haproxy_server_status{proxy=\"be\",server=\"spare\",state=\"UP\"}")).isEqualTo(0);
        assertThat(value(m, "haproxy_backend_agg_server_status{proxy=\"be\",state=\"MAINT\"}")).isEqualTo(1);
        assertThat(value(m, "haproxy_frontend_status{proxy=\"fe\",state=\"UP\"}")).isEqualTo(1);
        assertThat(value(m, "haproxy_process_max_connections")).isEqualTo(500);
        // No check on these servers: HAProxy writes no check_status at all then.
        assertThat(m).doesNotContainKey("haproxy_server_check_status");
    }

    @Test
    void countersAndHistogramsFollowTheTraffic() throws Exception {
        Map<String, PromParser.Family> before = metrics("");
        double sessions = value(before, "haproxy_server_sessions_total{proxy=\"be\",server=\"web\"}");
        double beCount = value(before, PrometheusExporter.HISTOGRAM + "_count{proxy=\"be\"}");
        double tcpCount = value(before, PrometheusExporter.HISTOGRAM + "_count{proxy=\"tcpl\"}");
        double bytesIn = value(before, "haproxy_backend_bytes_in_total{proxy=\"tcpl\"}");
        for (int i = 0; i < 5; i++) {
            assertThat(HttpConn.get(http, "/page" + i).status()).isEqualTo(200);
        }
        try (Client c = Client.connect(tcp)) {
            c.write(RAW);
            c.readAll();
        }
        Await.until("five HTTP streams and one TCP stream in the histograms", Duration.ofSeconds(5), () -> {
            try {
                Map<String, PromParser.Family> m = metrics("?scope=backend");
                return value(m, PrometheusExporter.HISTOGRAM + "_count{proxy=\"be\"}") == beCount + 5
                        && value(m, PrometheusExporter.HISTOGRAM + "_count{proxy=\"tcpl\"}") == tcpCount + 1;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Map<String, PromParser.Family> after = metrics("");
        assertThat(value(after, "haproxy_server_sessions_total{proxy=\"be\",server=\"web\"}"))
                .isGreaterThanOrEqualTo(sessions + 5);
        assertThat(value(after, "haproxy_backend_bytes_in_total{proxy=\"tcpl\"}"))
                .isEqualTo(bytesIn + RAW.length());
        assertThat(value(after, PrometheusExporter.HISTOGRAM + "_bucket{proxy=\"be\",le=\"+Inf\"}"))
                .isEqualTo(beCount + 5);
        assertThat(value(after, PrometheusExporter.HISTOGRAM + "_sum{proxy=\"be\"}")).isPositive();
        // Loopback requests take well under ten seconds: all of them are in the 10 s bucket already.
        assertThat(value(after, PrometheusExporter.HISTOGRAM + "_bucket{proxy=\"be\",le=\"10\"}"))
                .isEqualTo(beCount + 5);
        assertThat(has(after, PrometheusExporter.HISTOGRAM + "_bucket{proxy=\"be\",le=\"0.0005\"}")).isTrue();
    }

    @Test
    void scopesSelectTheSections() throws Exception {
        assertThat(prefixes(metrics("?scope=global"))).containsExactly("haproxy_process");
        assertThat(prefixes(metrics("?scope=frontend"))).containsExactly("haproxy_frontend");
        assertThat(prefixes(metrics("?scope=backend"))).containsExactly("bascule_backend", "haproxy_backend");
        assertThat(prefixes(metrics("?scope=server&scope=global"))).containsExactly("haproxy_process",
                "haproxy_server");
        assertThat(prefixes(metrics("?scope=glo%62al"))).containsExactly("haproxy_process");
        // The first scope replaces "all"; an empty one clears what came before it.
        assertThat(scrape("?scope=").body()).isEmpty();
        assertThat(scrape("?scope=global&scope=").body()).isEmpty();
        assertThat(prefixes(metrics("?scope=&scope=frontend"))).containsExactly("haproxy_frontend");
        // No stick tables in Bascule yet: the scope is valid and empty.
        assertThat(scrape("?scope=sticktable").body()).isEmpty();
        assertThat(prefixes(metrics("?other=1"))).hasSize(5);
    }

    @Test
    void scrapesShareAKeptAliveConnectionAndHeadHasNoBody() throws Exception {
        try (HttpConn c = new HttpConn(http)) {
            HttpConn.Response first = c.request("GET", "/metrics?scope=global");
            HttpConn.Response head = c.request("HEAD", "/metrics?scope=global");
            HttpConn.Response second = c.request("GET", "/metrics?scope=frontend");
            assertThat(first.status()).isEqualTo(200);
            assertThat(PromParser.parse(first.text())).containsKey("haproxy_process_nbthread");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.header("content-type")).isEqualTo("text/plain; version=0.0.4");
            assertThat(PromParser.parse(second.text())).containsKey("haproxy_frontend_current_sessions");
        }
    }

    @Test
    void badScopesAreRefusedWith400() throws Exception {
        for (String q : List.of("?scope=foo", "?scope=all", "?scope=Global", "?scope", "?scope=%zz",
                "?scope=global;scope=server")) {
            HttpConn.Response r = scrape(q);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.text()).contains("400 Bad request");
        }
    }

    @Test
    void noMaintLeavesServersInMaintenanceOut() throws Exception {
        Map<String, PromParser.Family> all = metrics("?scope=server");
        Map<String, PromParser.Family> noMaint = metrics("?scope=server&no-maint");
        assertThat(has(all, "haproxy_server_weight{proxy=\"be\",server=\"spare\"}")).isTrue();
        assertThat(has(noMaint, "haproxy_server_weight{proxy=\"be\",server=\"spare\"}")).isFalse();
        assertThat(has(noMaint, "haproxy_server_weight{proxy=\"be\",server=\"web\"}")).isTrue();
        // The backend's own counts still see every server.
        Map<String, PromParser.Family> be = metrics("?scope=backend&no-maint");
        assertThat(value(be, "haproxy_backend_agg_server_status{proxy=\"be\",state=\"MAINT\"}")).isEqualTo(1);
    }

    private static List<String> prefixes(Map<String, PromParser.Family> m) {
        return m.keySet().stream().map(n -> n.substring(0, n.indexOf('_', n.indexOf('_') + 1)))
                .distinct().sorted().collect(Collectors.toList());
    }
}
