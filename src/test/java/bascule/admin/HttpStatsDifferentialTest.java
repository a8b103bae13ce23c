package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.CliClient;
import bascule.testing.HaproxyOracle;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP columns of {@code show stat} (req_tot, hrsp_*, dreq, intercepted, mode) after the same requests
 * through HAProxy 2.6 and through Bascule: a 200, a 404 from the server, a denied request and a redirect.
 */
class HttpStatsDifferentialTest {
    private static final List<String> FIELDS = List.of("mode", "req_tot", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx",
            "hrsp_4xx", "hrsp_5xx", "hrsp_other", "dreq", "intercepted", "cache_lookups", "cache_hits", "stot");

    @Test
    void httpCountersMatchHaproxy() throws Exception {
        HaproxyOracle.assumeAvailable();
        Path dir = Files.createTempDirectory("bascule-httpstats");
        try (HttpBackend server = HttpBackend.start("srv", r -> r.uri().equals("/missing")
                ? HttpBackend.response("404 Not Found", List.of(), "no") : HttpBackend.ok("yes"))) {
            String config = """
                    global
                        stats socket %s level admin
                    defaults
                        mode http
                        timeout connect 1s
                        timeout client 3s
                        timeout server 3s
                    frontend fe
                        bind 127.0.0.1:%d
                        http-request deny if { path /deny }
                        http-request redirect location /there if { path /redir }
                        default_backend be
                    backend be
                        server s1 127.0.0.1:%d
                    """;
            Map<String, Map<String, String>> haproxy;
            Path hsock = dir.resolve("h.sock");
            try (HaproxyOracle h = HaproxyOracle.startOnFreePorts((port, ready) ->
                    config.formatted(hsock, port, server.port()) + """
                    frontend ready
                        mode tcp
                        bind 127.0.0.1:%d
                    """.formatted(ready))) {
                traffic(h.port());
                haproxy = settledRows(hsock);
            }
            Path bsock = dir.resolve("b.sock");
            Map<String, Map<String, String>> bascule;
            try (Instance b = Proxies.start(config.formatted(bsock, 0, server.port()))) {
                traffic(Proxies.port(b));
                bascule = settledRows(bsock);
            }
            for (String row : List.of("fe/FRONTEND", "be/s1", "be/BACKEND")) {
                for (String f : FIELDS) {
                    assertThat(bascule.get(row).get(f)).as(row + " " + f).isEqualTo(haproxy.get(row).get(f));
                }
            }
            assertThat(bascule.get("fe/FRONTEND").get("req_tot")).isEqualTo("4");
        }
    }

    private static void traffic(int port) throws Exception {
        assertThat(HttpConn.get(port, "/ok").status()).isEqualTo(200);
        assertThat(HttpConn.get(port, "/missing").status()).isEqualTo(404);
        assertThat(HttpConn.get(port, "/deny").status()).isEqualTo(403);
        assertThat(HttpConn.get(port, "/redir").status()).isEqualTo(302);
    }

    /**
     * The rows once the traffic is counted: both proxies count a transaction when it ends, which may be just
     * after the client read its response, and the frontend, backend and server rows need not move at once. Waits
     * for the counts the traffic makes (four responses in the frontend, two of them from the server); past the
     * deadline it returns what it has, and the comparison tells what differs.
     */
    private static Map<String, Map<String, String>> settledRows(Path socket) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (true) {
            Map<String, Map<String, String>> rows = rows(CliClient.ask(socket, "show stat\n"));
            boolean counted = responses(rows, "fe/FRONTEND") == 4 && responses(rows, "be/BACKEND") == 2
                    && responses(rows, "be/s1") == 2;
            if (counted || System.nanoTime() > deadline) {
                return rows;
            }
            Thread.sleep(10);
        }
    }

    private static long responses(Map<String, Map<String, String>> rows, String row) {
        long responses = 0;
        for (String c : List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")) {
            String v = rows.get(row).get(c);
            responses += v == null || v.isEmpty() ? 0 : Long.parseLong(v);
        }
        return responses;
    }

    /** {@code show stat} rows by "proxy/service", each a map of column to value. */
    private static Map<String, Map<String, String>> rows(String csv) {
        String[] lines = csv.split("\n");
        String[] header = lines[0].replaceFirst("^# ", "").split(",", -1);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] v = lines[i].split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int j = 0; j < header.length && j < v.length; j++) {
                row.put(header[j], v[j]);
            }
            out.put(v[0] + "/" + v[1], row);
        }
        return out;
    }
}
