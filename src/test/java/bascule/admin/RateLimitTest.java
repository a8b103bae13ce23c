package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.CliClient;
import bascule.testing.Client;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global {@code maxconnrate} / {@code maxsessrate} and {@code set rate-limit}: over the limit, connections
 * wait to be let in rather than fail, so a burst of 16 at 5 per second takes more than two seconds to get
 * through; with the limit removed at run time the same burst goes through at once. {@code show info} reports
 * the limits.
 */
@Timeout(60)
class RateLimitTest {
    @TempDir
    Path dir;

    /** Opens {@code n} connections at once; returns how long until every one got its greeting, in ms. */
    static long burst(int port, int n) throws Exception {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (Client c = Client.connect(port, 15_000)) {
                    if (!"s1".equals(c.readLine())) {
                        failures.add("no greeting");
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        return (System.nanoTime() - start) / 1_000_000;
    }

    static String info(Path sock, String key) throws Exception {
        for (String line : CliClient.ask(sock, "show info").split("\n")) {
            if (line.startsWith(key + ": ")) {
                return line.substring(key.length() + 2);
            }
        }
        return null;
    }

    @Test
    void connectionRateIsCappedAndCanBeLiftedAtRunTime() throws Exception {
        Path sock = dir.resolve("admin.sock");
        try (TestBackend s1 = TestBackend.greeting("s1");
             Instance proxy = Proxies.start("""
                     global
                         maxconnrate 5
                         stats socket %s level admin
                     defaults
                         mode tcp
                         timeout connect 1s
                         timeout client 10s
                         timeout server 10s
                     frontend fe
                         bind 127.0.0.1:0
                         default_backend be
                     backend be
                         server s1 %s
                     """.formatted(sock, s1.address()))) {
            int port = Proxies.port(proxy);
            assertThat(info(sock, "ConnRateLimit")).isEqualTo("5");
            assertThat(info(sock, "SessRateLimit")).isEqualTo("0");
            // 16 at 5/s: about 5 in the first second, then about one every 200 ms.
            assertThat(burst(port, 16)).isGreaterThan(1800);

            assertThat(CliClient.ask(sock, "set rate-limit connections global 0")).isEqualTo("\n");
            assertThat(info(sock, "ConnRateLimit")).isEqualTo("0");
            assertThat(burst(port, 16)).isLessThan(1500);
        }
    }

    @Test
    void sessionRateIsCappedToo() throws Exception {
        Path sock = dir.resolve("admin.sock");
        try (TestBackend s1 = TestBackend.greeting("s1");
             Instance proxy = Proxies.start("""
                     global
                         maxsessrate 1000
                         stats socket %s level admin
                     defaults
                         mode tcp
                         timeout connect 1s
                         timeout client 10s
                         timeout server 10s
                     frontend fe
                         bind 127.0.0.1:0
                         default_backend be
                     backend be
                         server s1 %s
                     """.formatted(sock, s1.address()))) {
            int port = Proxies.port(proxy);
            assertThat(info(sock, "SessRateLimit")).isEqualTo("1000");
            assertThat(CliClient.ask(sock, "set rate-limit sessions global 5")).isEqualTo("\n");
            assertThat(info(sock, "SessRateLimit")).isEqualTo("5");
            assertThat(burst(port, 16)).isGreaterThan(1800);
        }
    }
}
