package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.proxy.Server;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http-check disable-on-404} end to end: a backend that starts answering 404 to its check goes NOLB, the
 * balancer stops sending it new requests while a client holding its persistence cookie still reaches it, a
 * 2xx brings it back UP, and a 404 from a server that is already DOWN does not bring it up.
 */
class DisableOn404Test {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final AtomicReference<String> checkStatus = new AtomicReference<>("200 OK");
    private HttpBackend a;
    private HttpBackend b;
    private Instance proxy;

    @AfterEach
    void tearDown() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        a.close();
        b.close();
    }

    /** Requests a received other than its health checks. */
    private long traffic(HttpBackend backend) {
        return backend.requests().stream().filter(r -> !r.uri().equals("/check")).count();
    }

    private String ask(String command) throws IOException {
        return CliClient.ask(dir.resolve("admin.sock"), command);
    }

    /** Field {@code name} of server {@code sv}'s {@code show stat} row. */
    private String stat(String sv, String name) throws IOException {
        String[] lines = ask("show stat").split("\n");
        List<String> names = Arrays.asList(lines[0].substring(2).split(",", -1));
        for (String l : lines) {
            String[] f = l.split(",", -1);
            if (f.length > 1 && f[0].equals("app") && f[1].equals(sv)) {
                return f[names.indexOf(name)];
            }
        }
        throw new AssertionError("no row app/" + sv);
    }

    @Test
    void a404SoftStopsTheServerWhilePersistentClientsStillReachIt() throws Exception {
        a = HttpBackend.start("a", r -> r.uri().equals("/check") ? HttpBackend.response(checkStatus.get(), List.of(), "")
                : HttpBackend.ok("a"));
        b = HttpBackend.start("b", r -> HttpBackend.ok("b"));
        Proxies.Recorded messages = new Proxies.Recorded();
        proxy = Proxies.start("""
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                listen app
                    bind 127.0.0.1:0
                    option httpchk GET /check
                    http-check disable-on-404
                    cookie SRV insert indirect nocache
                    server a 127.0.0.1:%d check inter 100 rise 2 fall 2 cookie a
                    server b 127.0.0.1:%d cookie b
                """.formatted(dir.resolve("admin.sock"), a.port(), b.port()), messages);
        int port = Proxies.port(proxy);
        Server sa = proxy.runtime().backends().get("app").server("a");
        Await.until("a's first check", DEADLINE, () -> proxy.checks().status(sa)
                .map(c -> c.last().status() == CheckStatus.L7OK).orElse(false));

        checkStatus.set("404 Not Found");
        Await.until("a NOLB", DEADLINE, sa::isStopping);
        assertThat(messages.lines).anySatisfy(l -> assertThat(l).startsWith("WARNING Server app/a is stopping, reason: "
                + "Layer7 check conditionally passed, code: 404, check duration: ").endsWith("ms. 1 active and 0 backup "
                + "servers online. 0 sessions requeued, 0 total in queue."));
        assertThat(stat("a", "status")).isEqualTo("NOLB");
        assertThat(stat("a", "check_status")).isEqualTo("L7OKC");
        assertThat(stat("a", "check_code")).isEqualTo("404");
        assertThat(stat("a", "last_chk")).isEmpty();
        assertThat(stat("BACKEND", "act")).isEqualTo("1");
        String state = ask("show servers state app").split("\n")[2];
        assertThat(state.split(" ")[5]).as("srv_op_state of " + state).isEqualTo("3");
        assertThat(state.split(" ")[11]).as("srv_check_result of " + state).isEqualTo("4");

        long before = traffic(a);
        for (int i = 0; i < 6; i++) {
            HttpConn.Response r = HttpConn.get(port, "/x");
            assertThat(r.text()).isEqualTo("b");
            assertThat(r.header("set-cookie")).isEqualTo("SRV=b; path=/");
        }
        assertThat(traffic(a)).isEqualTo(before);
        HttpConn.Response sticky = HttpConn.get(port, "/y", "Cookie: SRV=a");
        assertThat(sticky.text()).isEqualTo("a");
        assertThat(traffic(a)).isEqualTo(before + 1);

        checkStatus.set("200 OK");
        Await.until("a UP again", DEADLINE, () -> sa.isUsable() && !sa.isStopping());
        assertThat(messages.lines).anySatisfy(l -> assertThat(l).startsWith("WARNING Server app/a is UP, reason: Layer7 "
                + "check passed, code: 200, check duration: ").endsWith("2 active and 0 backup servers online. 0 "
                + "sessions requeued, 0 total in queue."));
        Await.until("a in rotation again", DEADLINE, () -> {
            try {
                HttpConn.get(port, "/z");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return traffic(a) > before + 1;
        });
    }

    @Test
    void a404FromADownServerKeepsItDown() throws Exception {
        a = HttpBackend.start("a", r -> HttpBackend.response(checkStatus.get(), List.of(), ""));
        b = HttpBackend.start("b", r -> HttpBackend.ok("b"));
        checkStatus.set("503 Service Unavailable");
        proxy = Proxies.start("""
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                backend app
                    option httpchk GET /check
                    http-check disable-on-404
                    server a 127.0.0.1:%d check inter 100 rise 1 fall 1
                """.formatted(dir.resolve("admin.sock"), a.port()), new Proxies.Recorded());
        Server sa = proxy.runtime().backends().get("app").server("a");
        Await.until("a DOWN", DEADLINE, () -> !sa.isHealthy());

        checkStatus.set("404 Not Found");
        Await.until("a 404 judged as a wrong status", DEADLINE, () -> proxy.checks().status(sa)
                .map(c -> c.last().code() == 404).orElse(false));
        assertThat(sa.isHealthy()).isFalse();
        assertThat(stat("a", "status")).isEqualTo("DOWN");
        assertThat(stat("a", "check_status")).isEqualTo("L7STS");
        assertThat(stat("a", "last_chk")).isEqualTo("Not Found");

        // forced into NOLB from DOWN, the 404 now keeps it there
        assertThat(ask("set server app/a health stopping")).isEqualTo("\n");
        assertThat(stat("a", "status")).isEqualTo("NOLB");
        int checks = a.requests().size();
        Await.until("two more checks", DEADLINE, () -> a.requests().size() >= checks + 2);
        assertThat(sa.isStopping()).isTrue();
        assertThat(stat("a", "check_status")).isEqualTo("L7OKC");
    }
}
