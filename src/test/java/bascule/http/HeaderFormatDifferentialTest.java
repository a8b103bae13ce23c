package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.HaproxyOracle;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Log-format variables inside header values, redirects, {@code lf-string} replies, {@code set-var-fmt} and
 * {@code unique-id-format}, against HAProxy 2.6: the same configuration runs in both, and what the backend
 * receives (or the client gets back) must match. Values that differ by nature (ports, time, pid, request
 * counter) sit in headers of their own and are checked for shape only.
 */
class HeaderFormatDifferentialTest {
    private static final String PROXIES = """
            frontend fe
              bind 127.0.0.1:%d
              unique-id-format %%{+X}o\\ %%ci:%%cp_%%fi:%%fp_%%Ts_%%rt:%%pid
              unique-id-header X-Unique-ID
              http-request set-var-fmt(txn.v) "%%ci-%%HM"
              http-request set-header X-A "<%%[req.hdr(nope)]>|<%%{+Q}[req.hdr(x)]>|<%%[req.hdr(x)]>"
              http-request set-header X-B "a  b %%ci %%f %%ft %%b %%s %%HM %%HU %%HP %%HQ %%HV %%ST (%%ID) (%%si) (%%sp)"
              http-request set-header X-C "%%Tw %%Tc %%Tr %%TR %%Tq %%ts %%tsc %%B %%U %%sq %%bq %%rc %%{+Q}f %%{+Q}HM"
              http-request set-header X-D "%%{+X}o %%ci %%fi (%%bi)"
              http-request set-header X-T "%%Ts %%{+X}Ts %%pid %%{+X}pid %%rt %%{+X}rt %%cp %%{+X}cp"
              http-request set-header X-V "%%[var(txn.v)]"
              http-request redirect location /moved%%[path]?from=%%ci&m=%%HM if { path_beg /old }
              http-request return status 200 content-type text/plain lf-string "hello %%ci %%HM %%b %%s" if { path /ret }
              default_backend be
            backend be
              http-request set-header X-G "%%b %%s (%%si) %%f"
              server s1 127.0.0.1:%d
            """;
    private static final List<String> COMPARED = List.of("X-A", "X-B", "X-C", "X-D", "X-V", "X-G");

    private static HttpBackend haproxyBackend;
    private static HttpBackend basculeBackend;
    private static HaproxyOracle haproxy;
    private static Instance bascule;

    @BeforeAll
    static void start() throws Exception {
        HaproxyOracle.assumeAvailable();
        haproxyBackend = HttpBackend.start("h");
        basculeBackend = HttpBackend.start("b");
        String defaults = """
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 5s
                  timeout server 5s
                """;
        haproxy = HaproxyOracle.startOnFreePorts((port, ready) -> defaults + """
                frontend ready
                  bind 127.0.0.1:%d
                  tcp-request connection reject
                """.formatted(ready) + PROXIES.formatted(port, haproxyBackend.port()));
        bascule = Proxies.start(defaults + PROXIES.formatted(0, basculeBackend.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (bascule != null) {
            bascule.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (haproxyBackend != null) {
            haproxyBackend.close();
        }
        if (basculeBackend != null) {
            basculeBackend.close();
        }
    }

    @Test
    void headerValuesMatchHaproxy() throws Exception {
        String[] request = {"X: a\"b c%d"};
        assertThat(HttpConn.get(haproxy.port(), "/p?q=1", request).status()).isEqualTo(200);
        assertThat(HttpConn.get(Proxies.port(bascule), "/p?q=1", request).status()).isEqualTo(200);
        HttpBackend.Request h = haproxyBackend.last();
        HttpBackend.Request b = basculeBackend.last();
        for (String name : COMPARED) {
            assertThat(b.header(name)).as(name + " (HAProxy sent: " + h.header(name) + ")").isEqualTo(h.header(name));
        }
        for (HttpBackend.Request r : List.of(h, b)) {
            assertThat(r.header("X-T")).matches("\\d{10} [0-9A-F]{8} \\d+ [0-9A-F]{4,} \\d+ [0-9A-F]{4,} \\d+ [0-9A-F]{4}");
            assertThat(r.header("X-Unique-ID"))
                    .matches("7F000001:[0-9A-F]{4}_7F000001:[0-9A-F]{4}_[0-9A-F]{8}_[0-9A-F]{4,}:[0-9A-F]{4,}");
        }
    }

    @Test
    void redirectsAndRepliesMatchHaproxy() throws Exception {
        HttpConn.Response h = HttpConn.get(haproxy.port(), "/old/x");
        HttpConn.Response b = HttpConn.get(Proxies.port(bascule), "/old/x");
        assertThat(b.status()).isEqualTo(h.status());
        assertThat(b.header("Location")).isEqualTo(h.header("Location")).isEqualTo("/moved/old/x?from=127.0.0.1&m=GET");
        h = HttpConn.get(haproxy.port(), "/ret");
        b = HttpConn.get(Proxies.port(bascule), "/ret");
        assertThat(b.text()).isEqualTo(h.text()).isEqualTo("hello 127.0.0.1 GET fe <NOSRV>");
    }
}
