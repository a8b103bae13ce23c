package bascule.stats;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.HaproxyOracle;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Ports;
import bascule.testing.Proxies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * The exporter against HAProxy 2.6's own (built with USE_PROMEX): the same configuration runs in both, and
 * each scrape must list the same metric families in the same order, with the same types and help texts, and
 * the same series (names and label sets, in the same order). Values differ (times, counters, the version),
 * so they are not compared; Bascule's own {@code bascule_*} families are left out of the comparison.
 */
@Timeout(60)
class PrometheusDifferentialTest {
    static HttpBackend web;
    static HaproxyOracle haproxy;
    static Instance bascule;
    static int haproxyPort;
    static int basculePort;

    static String config(String fe, String fe2, String tcp, String ready, int server) {
        return """
                global
                    maxconn 500
                defaults
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend ready
                    mode tcp
                    bind %s
                frontend fe
                    mode http
                    bind %s
                    http-request use-service prometheus-exporter if { path /metrics }
                    default_backend be
                frontend fe2
                    mode http
                    bind %s
                    maxconn 50
                    default_backend be
                backend be
                    mode http
                    server web 127.0.0.1:%d check inter 300ms
                    server spare 127.0.0.1:%d disabled
                    server third 127.0.0.1:%d maxconn 10 weight 3
                    server trk 127.0.0.1:%d track be/web backup
                backend empty
                    mode http
                listen tcpl
                    mode tcp
                    bind %s
                    server t 127.0.0.1:%d check inter 300ms
                """.formatted(ready, fe, fe2, server, server, server, server, tcp, server);
    }

    @BeforeAll
    static void start() throws Exception {
        HaproxyOracle.assumeAvailable();
        web = HttpBackend.start("web");
        int fe2 = Ports.freePort();
        int tcp = Ports.freePort();
        haproxy = HaproxyOracle.startOnFreePorts((port, ready) -> config("127.0.0.1:" + port,
                "127.0.0.1:" + fe2, "127.0.0.1:" + tcp, "127.0.0.1:" + ready, web.port()));
        haproxyPort = haproxy.port();
        bascule = Proxies.start(config("127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0", web.port()));
        basculePort = Proxies.port(bascule, 1);
        for (int port : new int[] {haproxyPort, basculePort}) {
            assertThat(HttpConn.get(port, "/some/page").status()).isEqualTo(200);
            // A check's duration is exported once its first check is done: wait for both servers' on both sides.
            Await.until("first checks done on port " + port, java.time.Duration.ofSeconds(10), () -> {
                try {
                    PromParser.Family f = scrape(port, "?scope=server").get("haproxy_server_check_duration_seconds");
                    return f != null && f.samples().size() == 2;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (bascule != null) {
            bascule.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (web != null) {
            web.close();
        }
    }

    static Map<String, PromParser.Family> scrape(int port, String query) throws IOException {
        HttpConn.Response r = HttpConn.get(port, "/metrics" + query);
        assertThat(r.status()).as("scrape of port %d", port).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("text/plain; version=0.0.4");
        return PromParser.parse(new String(r.body(), StandardCharsets.UTF_8));
    }

    /** Family name, type and help, one line each, in order; Bascule's own families left out. */
    static List<String> families(Map<String, PromParser.Family> m) {
        List<String> out = new ArrayList<>();
        for (PromParser.Family f : m.values()) {
            if (!f.name().startsWith("bascule_")) {
                out.add(f.name() + " " + f.type() + " " + f.help());
            }
        }
        return out;
    }

    /** Every series key in order, the version label masked (the one label value that is not ours to match). */
    static List<String> series(Map<String, PromParser.Family> m) {
        List<String> out = new ArrayList<>();
        for (PromParser.Family f : m.values()) {
            if (f.name().startsWith("bascule_")) {
                continue;
            }
            for (PromParser.Sample s : f.samples()) {
                out.add(s.key().replaceAll("version=\"[^\"]*\"", "version=\"*\""));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?scope=server&no-maint", "?scope=backend&scope=frontend",
            "?scope=global", "?scope=sticktable", "?scope="})
    void sameFamiliesAndSeriesAsHaproxy(String query) throws Exception {
        Map<String, PromParser.Family> theirs = scrape(haproxyPort, query);
        Map<String, PromParser.Family> ours = scrape(basculePort, query);
        assertThat(families(ours)).as(difference(families(ours), families(theirs)))
                .containsExactlyElementsOf(families(theirs));
        assertThat(series(ours)).as(difference(series(ours), series(theirs)))
                .containsExactlyElementsOf(series(theirs));
    }

    /** What a reader needs to see first: lines only one side has, then where the order first differs. */
    static String difference(List<String> ours, List<String> theirs) {
        List<String> extra = new ArrayList<>(ours);
        extra.removeAll(theirs);
        List<String> missing = new ArrayList<>(theirs);
        missing.removeAll(ours);
        int i = 0;
        while (i < ours.size() && i < theirs.size() && ours.get(i).equals(theirs.get(i))) {
            i++;
        }
        return "only Bascule: " + extra + "\nonly HAProxy: " + missing + "\nfirst difference at " + i + ": "
                + (i < ours.size() ? ours.get(i) : "(end)") + " vs " + (i < theirs.size() ? theirs.get(i) : "(end)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"?scope=foo", "?scope=all", "?scope", "?scope=%zz"})
    void sameRefusals(String query) throws Exception {
        List<String> theirs = refusal(haproxyPort, query);
        assertThat(refusal(basculePort, query)).containsExactlyElementsOf(theirs);
        assertThat(theirs.get(0)).isEqualTo("HTTP/1.1 400 Bad request");
    }

    /**
     * The bad query with a good one pipelined behind it: the whole 400 answer (status line, headers in order,
     * body), then whatever comes before the connection closes (HAProxy closes at once, leaving the second
     * request unanswered).
     */
    private static List<String> refusal(int port, String query) throws IOException {
        try (HttpConn c = new HttpConn(port)) {
            c.socket().setSoTimeout(3_000);
            c.send("GET /metrics" + query + " HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "GET /metrics?scope=global HTTP/1.1\r\nHost: test\r\n\r\n");
            HttpConn.Response r = c.read();
            List<String> out = new ArrayList<>();
            out.add("HTTP/1.1 " + r.status() + " " + r.reason());
            out.addAll(r.headers());
            out.add(r.text());
            out.add("after: [" + c.readToEnd() + "]");
            return out;
        }
    }
}
