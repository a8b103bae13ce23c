package bascule.admin;

import static bascule.admin.StatsSocketTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.Client;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's zero-downtime deploy, end to end over the stats socket: under a steady loop of short client
 * connections, {@code set server be/s1 state drain} sends no new session to s1 ({@code stot} stops growing)
 * while the sessions it has finish ({@code scur} falls to 0), no client connection fails, and
 * {@code state ready} brings traffic back.
 */
class ZeroDowntimeDrainTest {
    @TempDir
    Path dir;

    @Test
    void drainThenReadyUnderLoad() throws Exception {
        Path sock = dir.resolve("admin.sock");
        try (TestBackend s1 = TestBackend.greeting("s1"); TestBackend s2 = TestBackend.greeting("s2");
             Instance proxy = Proxies.start("""
                     global
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
                         server s2 %s
                     """.formatted(sock, s1.address(), s2.address()))) {
            int port = Proxies.port(proxy);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger completed = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    // Bounded: each client stops after 3000 connections even if the test forgot to stop it.
                    for (int n = 0; n < 3000 && running.get(); n++) {
                        try (Client c = Client.connect(port, 5000)) {
                            String greeting = c.readLine();
                            c.write("hello\n");
                            String echo = c.readLine();
                            Thread.sleep(20); // a short session, so the servers have some in flight
                            if (greeting == null || !greeting.startsWith("s") || !"hello".equals(echo)) {
                                failures.add("bad exchange: " + greeting + " / " + echo);
                            }
                            completed.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            try (Client longLived = Client.connect(port, 5000)) {
                String longName = longLived.readLine();
                Await.until("s1 has sessions in flight", Duration.ofSeconds(10),
                        () -> Long.parseLong(s1Field(sock, "scur")) > 0);

                assertThat(CliClient.ask(sock, "set server be/s1 state drain")).isEqualTo("\n");
                assertThat(s1Field(sock, "status")).isEqualTo("DRAIN");
                if (longName.equals("s1")) {
                    // Existing sessions go on during a drain.
                    longLived.write("still there\n");
                    assertThat(longLived.readLine()).isEqualTo("still there");
                }
                longLived.shutdownOutput();
            }
            Await.until("s1's sessions finished", Duration.ofSeconds(10),
                    () -> Long.parseLong(s1Field(sock, "scur")) == 0);
            long s1Total = Long.parseLong(s1Field(sock, "stot"));
            int before = completed.get();
            Await.until("100 more client sessions", Duration.ofSeconds(20), () -> completed.get() >= before + 100);
            assertThat(Long.parseLong(s1Field(sock, "stot"))).as("no new session on the drained s1").isEqualTo(s1Total);
            assertThat(s1.accepted()).isEqualTo((int) s1Total);

            assertThat(CliClient.ask(sock, "set server be/s1 state ready")).isEqualTo("\n");
            Await.until("s1 takes traffic again", Duration.ofSeconds(10),
                    () -> Long.parseLong(s1Field(sock, "stot")) > s1Total + 10);
            running.set(false);
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(20));
            }
            assertThat(failures).as("failed client connections").isEmpty();
            assertThat(completed.get()).isGreaterThan(100);
        }
    }

    private static String s1Field(Path sock, String name) {
        try {
            for (String row : CliClient.ask(sock, "show stat").split("\n")) {
                if (row.startsWith("be,s1,")) {
                    return field(row, name);
                }
            }
            throw new AssertionError("no be/s1 row");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
