package bascule.stats;

import static bascule.stats.StatsPageTest.basic;
import static bascule.stats.StatsPageTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.HaproxyOracle;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stats page against the real HAProxy 2.6 on the same configuration: the 401 answer (status, challenge,
 * headers, body), the CSV header line and row keys, the Refresh header, and the admin form's redirects.
 */
@Timeout(60)
class StatsPageDifferentialTest {
    @BeforeAll
    static void haproxyInstalled() {
        HaproxyOracle.assumeAvailable();
    }

    /** The stats listener first, then a readiness frontend that only HAProxy's runner probes. */
    private static String config(int port, int readyPort) {
        return """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                listen stats
                    bind 127.0.0.1:%d
                    stats uri /st
                    stats realm Ops\\ Area
                    stats auth admin:secret
                    stats refresh 5s
                    stats admin if TRUE
                    server web1 127.0.0.1:1 disabled
                    server web2 127.0.0.1:2
                frontend ready
                    bind 127.0.0.1:%d
                    http-request deny
                """.formatted(port, readyPort);
    }

    private record Seen(List<String> answers) {
    }

    private static Seen observe(int port) throws IOException {
        List<String> out = new ArrayList<>();
        HttpConn.Response r401 = HttpConn.get(port, "/st", "Connection: close");
        out.add(r401.status() + " " + r401.reason());
        for (String h : List.of("www-authenticate", "content-type", "cache-control", "content-length")) {
            out.add(h + ": " + r401.header(h));
        }
        out.add(r401.text());
        HttpConn.Response csv = HttpConn.get(port, "/st;csv", basic("admin", "secret"), "Connection: close");
        out.add(csv.status() + " " + csv.header("content-type") + " " + csv.header("cache-control") + " refresh="
                + csv.header("refresh"));
        String[] lines = csv.text().split("\n");
        out.add(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            out.add(f[0] + "," + f[1] + " (" + f.length + " columns) status=" + f[17]);
        }
        HttpConn.Response norefresh = HttpConn.get(port, "/st;json;norefresh", basic("admin", "secret"),
                "Connection: close");
        out.add(norefresh.header("content-type") + " refresh=" + norefresh.header("refresh"));
        for (String body : List.of("s=web2&action=drain&b=%232", "s=web2&s=nope&action=ready&b=stats",
                "s=nope&action=maint&b=%232", "action=ready&b=%232", "s=web2&action=bogus&b=%232",
                "s=web2&action=ehlth&b=%232")) {
            HttpConn.Response p = post(port, "/st;up", body, basic("admin", "secret"), "Connection: close");
            out.add(body + " -> " + p.status() + " " + p.header("location") + " " + p.header("content-type"));
        }
        HttpConn.Response after = HttpConn.get(port, "/st;csv", basic("admin", "secret"), "Connection: close");
        for (String l : after.text().split("\n")) {
            if (l.startsWith("stats,web")) {
                out.add(l.split(",")[1] + " " + l.split(",")[17]);
            }
        }
        return new Seen(out);
    }

    @Test
    void answersMatchHaproxy() throws Exception {
        Seen expected;
        try (HaproxyOracle h = HaproxyOracle.startOnFreePorts(StatsPageDifferentialTest::config)) {
            expected = observe(h.port());
        }
        IntFunction<String> cfg = p -> config(0, 0);
        try (Instance i = Proxies.start(cfg.apply(0))) {
            Seen actual = observe(Proxies.port(i, 0));
            assertThat(actual.answers()).containsExactlyElementsOf(expected.answers());
        }
    }

    /**
     * The forcing actions on servers with and without health and agent checks and on a tracking server; the
     * checks run against closed ports every hour, so only the first probe (which fails and changes nothing
     * visible to the answers compared) can land during the test.
     */
    private static String forcingConfig(int port, int readyPort) {
        return """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                listen stats
                    bind 127.0.0.1:%d
                    stats uri /st
                    stats admin if TRUE
                    server plain 127.0.0.1:1
                    server chk 127.0.0.1:1 check inter 1h
                    server agt 127.0.0.1:1 agent-check agent-port 1 agent-inter 1h
                    server trk 127.0.0.1:1 track chk
                    server both 127.0.0.1:1 check inter 1h agent-check agent-port 1 agent-inter 1h
                frontend ready
                    bind 127.0.0.1:%d
                    http-request deny
                """.formatted(port, readyPort);
    }

    private static List<String> observeForcing(int port) throws IOException {
        List<String> out = new ArrayList<>();
        String html = HttpConn.get(port, "/st", "Connection: close").text();
        int from = html.indexOf("<select name=action>");
        out.add(html.substring(from, html.indexOf("</select>", from)));
        for (String body : List.of("s=plain&action=hdown&b=stats", "s=trk&action=hdown&b=stats",
                "s=trk&s=nope&action=hrunn&b=stats", "s=plain&s=trk&action=hrunn&b=stats",
                "s=plain&action=hdown&b=stats", "s=chk&action=hdown&b=stats", "s=plain&action=arunn&b=stats",
                "s=agt&action=adown&b=stats", "s=agt&action=arunn&b=stats", "s=agt&action=dagent&b=stats",
                "s=agt&action=adown&b=stats", "s=agt&s=both&action=adown&b=stats", "s=agt&action=arunn&b=stats",
                "s=plain&action=hnolb&b=stats", "s=trk&s=chk&action=hnolb&b=stats", "s=plain&action=hnolb&b=stats")) {
            HttpConn.Response p = post(port, "/st", body, "Connection: close");
            out.add(body + " -> " + p.status() + " " + p.header("location"));
        }
        HttpConn.Response after = HttpConn.get(port, "/st;csv", "Connection: close");
        for (String l : after.text().split("\n")) {
            String[] f = l.split(",", -1);
            if (l.startsWith("stats,") && List.of("plain", "trk", "BACKEND").contains(f[1])) {
                out.add(f[1] + " " + f[17]);
            } else if (l.startsWith("stats,") && !f[1].equals("FRONTEND")) {
                out.add(f[1] + " " + f[17].replaceAll(" .*", "")); // the health counter depends on the first probe
            }
        }
        return out;
    }

    @Test
    void forcingActionsMatchHaproxy() throws Exception {
        List<String> expected;
        try (HaproxyOracle h = HaproxyOracle.startOnFreePorts(StatsPageDifferentialTest::forcingConfig)) {
            expected = observeForcing(h.port());
        }
        try (Instance i = Proxies.start(forcingConfig(0, 0))) {
            assertThat(observeForcing(Proxies.port(i, 0))).containsExactlyElementsOf(expected);
        }
    }
}
