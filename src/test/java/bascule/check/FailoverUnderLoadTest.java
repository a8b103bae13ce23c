package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.proxy.Server;
import bascule.testing.Await;
import bascule.testing.Client;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

/**
 * The seeds' promise: with retries and {@code option redispatch}, a server that stops answering under
 * steady load costs no client a connection, because connects refused before the health check notices
 * are retried elsewhere, and once the check marks it DOWN it gets no new connection.
 */
class FailoverUnderLoadTest {
    @Test
    void killingOneOfThreeServersUnderLoadLosesNoClient() throws Exception {
        List<TestBackend> backends = new ArrayList<>();
        for (String n : List.of("web01", "web02", "web03")) {
            backends.add(TestBackend.greeting(n));
        }
        try (Instance p = Proxies.start("""
                defaults
                    mode tcp
                    timeout connect 300ms
                    timeout client 5s
                    timeout server 5s
                    retries 3
                    option redispatch
                listen app
                    bind 127.0.0.1:0
                    balance roundrobin
                    server web01 %s check inter 200 rise 2 fall 2
                    server web02 %s check inter 200 rise 2 fall 2
                    server web03 %s check inter 200 rise 2 fall 2
                """.formatted(backends.get(0).address(), backends.get(1).address(), backends.get(2).address()),
                new Proxies.Recorded())) {
            int port = Proxies.port(p);
            Server web02 = p.runtime().backends().get("app").server("web02");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentHashMap<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
            // Closing a listener resets the connections still in its accept queue, which the proxy has already
            // connected: a real server dying loses those too, in HAProxy as well. Each client exchange holds the
            // read side; the kill takes the write side, so no exchange is half-way when web02 stops listening,
            // and the ones right after it meet refused connects, which is what retries and redispatch are for.
            ReadWriteLock gate = new ReentrantReadWriteLock(true);
            List<Thread> clients = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // hard bound on the loop
            for (int t = 0; t < 4; t++) {
                int id = t;
                clients.add(Thread.ofVirtual().start(() -> {
                    int i = 0;
                    while (running.get() && System.nanoTime() < deadline) {
                        String msg = "c" + id + "-" + i++;
                        gate.readLock().lock();
                        try (Client c = Client.connect(port, 5000)) {
                            String name = c.readLine();
                            c.write(msg + "\n");
                            String echo = c.readLine();
                            if (name == null || !msg.equals(echo)) {
                                failures.add(msg + ": got " + name + " / " + echo);
                            } else {
                                ok.incrementAndGet();
                                servedBy.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.add(msg + ": " + e);
                        } finally {
                            gate.readLock().unlock();
                        }
                    }
                }));
            }
            Await.until("traffic on every server", Duration.ofSeconds(10),
                    () -> servedBy.size() == 3 && ok.get() > 60);
            gate.writeLock().lock();
            try {
                backends.get(1).stopListening(); // web02 stops answering new connections
            } finally {
                gate.writeLock().unlock();
            }
            Await.until("web02 marked DOWN", Duration.ofSeconds(10), () -> !web02.isHealthy());
            int atDown = ok.get();
            Await.until("more traffic after the failover", Duration.ofSeconds(10), () -> ok.get() > atDown + 100);
            int web02Before = servedBy.get("web02").get();
            Await.until("yet more traffic", Duration.ofSeconds(10), () -> ok.get() > atDown + 200);
            running.set(false);
            for (Thread c : clients) {
                c.join(10_000);
            }
            assertThat(failures).as("client connections lost").isEmpty();
            assertThat(servedBy.get("web02").get()).as("web02 gets nothing once DOWN").isEqualTo(web02Before);
            assertThat(ok.get()).isGreaterThan(atDown + 200);
        } finally {
            for (TestBackend b : backends) {
                b.close();
            }
        }
    }
}
