package bascule.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.Client;
import bascule.testing.Ports;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TCP-mode proxying on real loopback sockets: balancing, relaying, half-close, retries, limits, timeouts. */
class TcpProxyTest {
    // Runs on native epoll when available; TcpProxyNioTest repeats every test on NIO.
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

    /** Global lines for the transport under test; {@link TcpProxyNioTest} runs everything on NIO. */
    protected String global() {
        return "";
    }

    private static final String DEFAULTS = """
            defaults
                mode tcp
                timeout connect 500ms
                timeout client 10s
                timeout server 10s
            """;

    private TestBackend greeting(String name) throws IOException {
        return later(TestBackend.greeting(name));
    }

    private Instance proxy(String config) throws Exception {
        return later(Proxies.start(global() + DEFAULTS + config));
    }

    private static String firstLine(int port) throws IOException {
        try (Client c = Client.connect(port)) {
            return c.readLine();
        }
    }

    /** A loopback port with nothing listening (connects are refused), held until the test ends. */
    private int closedPort() {
        return later(Ports.refusing()).port();
    }

    @Test
    void roundRobinCyclesThroughServersInOrder() throws Exception {
        TestBackend a = greeting("a");
        TestBackend b = greeting("b");
        TestBackend c = greeting("c");
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    balance roundrobin
                    server a %s
                    server b %s
                    server c %s
                """.formatted(a.address(), b.address(), c.address()));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(firstLine(Proxies.port(p)));
        }
        // Each server once per cycle, and the cycle repeats (the exact order is HAProxy's, checked by the
        // differential test in bascule.lb).
        assertThat(seen.subList(0, 3)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(seen.subList(3, 6)).isEqualTo(seen.subList(0, 3));
    }

    @Test
    void frontendAndBackendSectionsRouteThroughDefaultBackend() throws Exception {
        TestBackend a = greeting("pg1");
        Instance p = proxy("""
                frontend fe
                    bind 127.0.0.1:0
                    default_backend pool
                backend pool
                    server pg1 %s check
                """.formatted(a.address()));
        assertThat(firstLine(Proxies.port(p))).isEqualTo("pg1");
    }

    @Test
    void relaysLargePayloadBothWaysAndPropagatesHalfClose() throws Exception {
        TestBackend echo = later(TestBackend.echo("echo"));
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    server e %s
                """.formatted(echo.address()));
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(42).nextBytes(data);
        try (Client c = Client.connect(Proxies.port(p), 20000)) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.write(data);
                    c.shutdownOutput(); // FIN must reach the echo server, which then finishes too
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = c.readAll(); // returns only when the proxy relays the server's FIN
            writer.join();
            assertThat(back.length).isEqualTo(data.length);
            assertThat(MessageDigest.getInstance("SHA-256").digest(back))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        }
    }

    @Test
    void bulkTransfersMoveBySpliceOnEpollUnlessNosplice() throws Exception {
        TestBackend echo = later(TestBackend.echo("echo"));
        String listen = """
                listen app
                    bind 127.0.0.1:0
                    server e %s
                """.formatted(echo.address());
        Instance p = proxy(listen);
        byte[] small = new byte[100];
        byte[] bulk = new byte[256 * 1024];
        new Random(7).nextBytes(bulk);
        try (Client c = Client.connect(Proxies.port(p))) {
            for (int i = 0; i < 800; i++) { // 80 KB of small exchanges: chatty, not bulk
                c.write(small);
                c.readExactly(small.length);
            }
            assertThat(p.runtime().streams()).singleElement().satisfies(s -> assertThat(s.isSpliced()).isFalse());
            Thread w = Thread.ofVirtual().start(() -> {
                try {
                    c.write(bulk);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(c.readExactly(bulk.length)).isEqualTo(bulk);
            w.join();
            assertThat(p.runtime().streams()).singleElement().satisfies(s ->
                    assertThat(s.isSpliced()).isEqualTo(p.transport().isEpoll()));
        }
        Instance q = later(Proxies.start(global().isEmpty() ? "global\n    nosplice\n" + DEFAULTS + listen
                : global() + "    nosplice\n" + DEFAULTS + listen));
        try (Client c = Client.connect(Proxies.port(q))) {
            Thread w = Thread.ofVirtual().start(() -> {
                try {
                    c.write(bulk);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(c.readExactly(bulk.length)).isEqualTo(bulk);
            w.join();
            assertThat(q.runtime().streams()).singleElement().satisfies(s -> assertThat(s.isSpliced()).isFalse());
        }
    }

    @Test
    void manyConcurrentStreamsEachGetTheirOwnBytesBack() throws Exception {
        TestBackend e1 = later(TestBackend.echo("e1"));
        TestBackend e2 = later(TestBackend.echo("e2"));
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    balance leastconn
                    server e1 %s
                    server e2 %s
                """.formatted(e1.address(), e2.address()));
        int port = Proxies.port(p);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 24; i++) {
            int seed = i;
            threads.add(Thread.ofVirtual().start(() -> {
                byte[] data = new byte[64 * 1024 + seed * 7919];
                new Random(seed).nextBytes(data);
                try (Client c = Client.connect(port, 20000)) {
                    Thread w = Thread.ofVirtual().start(() -> {
                        try {
                            c.write(data);
                            c.shutdownOutput();
                        } catch (IOException ex) {
                            failures.add(ex);
                        }
                    });
                    byte[] back = c.readAll();
                    w.join();
                    if (!java.util.Arrays.equals(back, data)) {
                        failures.add(new AssertionError("stream " + seed + ": got " + back.length + " of "
                                + data.length + " bytes, or different ones"));
                    }
                } catch (Exception ex) {
                    failures.add(ex);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(failures).isEmpty();
        Await.until("every stream closed", Duration.ofSeconds(5), () -> p.runtime().activeStreams() == 0);
    }

    @Test
    void halfClosedClientStillReceivesServerData() throws Exception {
        TestBackend echo = later(TestBackend.greeting("late"));
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    server e %s
                """.formatted(echo.address()));
        try (Client c = Client.connect(Proxies.port(p))) {
            c.write("ping\n");
            c.shutdownOutput();
            assertThat(c.readLine()).isEqualTo("late");
            assertThat(c.readLine()).isEqualTo("ping");
            assertThat(c.readLine()).isNull();
        }
    }

    @Test
    void refusedConnectIsRedispatchedOnLastRetry() throws Exception {
        TestBackend good = greeting("good");
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    balance first
                    retries 2
                    option redispatch
                    timeout connect 100ms
                    server dead 127.0.0.1:%d
                    server good %s
                """.formatted(closedPort(), good.address()));
        assertThat(firstLine(Proxies.port(p))).isEqualTo("good");
        Server dead = p.runtime().backends().get("app").server("dead");
        assertThat(dead.connectErrors()).isEqualTo(2); // first try + 1 retry; the 2nd (last) retry is redispatched
    }

    @Test
    void redispatchIntervalOneMovesOnAtTheFirstRetry() throws Exception {
        TestBackend good = greeting("good");
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    balance first
                    retries 3
                    option redispatch 1
                    timeout connect 5s
                    server dead 127.0.0.1:%d
                    server good %s
                """.formatted(closedPort(), good.address()));
        long t0 = System.nanoTime();
        assertThat(firstLine(Proxies.port(p))).isEqualTo("good");
        assertThat(p.runtime().backends().get("app").server("dead").connectErrors()).isEqualTo(1);
        // With 'timeout connect 5s' a turn-around delay would be a full second (min(timeout connect, 1s)); the
        // bound leaves a loaded machine most of that second for a first connection through a cold JVM.
        assertThat((System.nanoTime() - t0) / 1_000_000).as("no turn-around delay when redispatching")
                .isLessThan(900);
    }

    @Test
    void withoutRedispatchRetriesStayOnTheSameServerThenClose() throws Exception {
        TestBackend good = greeting("good");
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    balance first
                    retries 2
                    timeout connect 50ms
                    server dead 127.0.0.1:%d
                    server good %s
                """.formatted(closedPort(), good.address()));
        try (Client c = Client.connect(Proxies.port(p))) {
            assertThat(c.readLine()).isNull(); // closed cleanly, nothing sent
        }
        assertThat(p.runtime().backends().get("app").server("dead").connectErrors()).isEqualTo(3);
        assertThat(good.accepted()).isZero();
    }

    @Test
    void noUsableServerClosesTheClientCleanly() throws Exception {
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    server off 127.0.0.1:9 disabled
                """);
        try (Client c = Client.connect(Proxies.port(p))) {
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void backupServerTakesOverOnlyWhenNoActiveServerIsUsable() throws Exception {
        TestBackend active = greeting("active");
        TestBackend backup = greeting("backup");
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    server active %s
                    server spare %s backup
                """.formatted(active.address(), backup.address()));
        assertThat(firstLine(Proxies.port(p))).isEqualTo("active");
        assertThat(firstLine(Proxies.port(p))).isEqualTo("active");
        p.runtime().backends().get("app").server("active").setAdminState(AdminState.MAINT);
        assertThat(firstLine(Proxies.port(p))).isEqualTo("backup");
        p.runtime().backends().get("app").server("active").setAdminState(AdminState.READY);
        assertThat(firstLine(Proxies.port(p))).isEqualTo("active");
    }

    @Test
    void idleClientIsClosedAfterTimeoutClient() throws Exception {
        TestBackend echo = later(TestBackend.echo("echo"));
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    timeout client 300ms
                    server e %s
                """.formatted(echo.address()));
        try (Client c = Client.connect(Proxies.port(p), 5000)) {
            c.write("x");
            assertThat(c.readExactly(1)).containsExactly('x');
            long t0 = System.nanoTime();
            assertThat(c.closedByPeer()).isTrue();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(200L, 3000L);
        }
        Await.until("backend connection closed", Duration.ofSeconds(3), () -> echo.live() == 0);
    }

    @Test
    void activityKeepsTheStreamAliveBeyondTheTimeout() throws Exception {
        TestBackend echo = later(TestBackend.echo("echo"));
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    timeout client 1s
                    server e %s
                """.formatted(echo.address()));
        // Paced every 100 ms against a 1 s timeout: a loaded machine may stall the client for a while without the
        // timeout firing, and the stream still lives 2.5 times the timeout.
        try (Client c = Client.connect(Proxies.port(p), 5000)) {
            long end = System.nanoTime() + 2_500_000_000L;
            while (System.nanoTime() < end) {
                c.write("y");
                assertThat(c.readExactly(1)).containsExactly('y');
                Thread.sleep(100); // pacing the traffic, not waiting for a result
            }
        }
    }

    @Test
    void clientFinTimeoutStartsOnlyOnceTheServersFinWasPassedOn() throws Exception {
        // A server that answers 700 ms after the client half-closed: 'timeout client-fin 200ms' must not cut
        // it (HAProxy applies client-fin after shutting its write side toward the client).
        ServerSocket slow = later(new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(() -> {
            try (java.net.Socket s = slow.accept()) {
                s.getInputStream().readAllBytes();
                Thread.sleep(700); // the server's own pace, not a test wait
                s.getOutputStream().write("late\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (Exception ignored) {
                // test ends
            }
        });
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    timeout client-fin 200ms
                    server s 127.0.0.1:%d
                """.formatted(slow.getLocalPort()));
        try (Client c = Client.connect(Proxies.port(p))) {
            c.write("q\n");
            c.shutdownOutput();
            assertThat(c.readLine()).isEqualTo("late");
        }
    }

    @Test
    void serverWithoutPortUsesThePortTheClientConnectedTo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(canBind("127.0.0.2"), "no 127.0.0.2 on this machine");
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    server s 127.0.0.2
                """);
        int port = Proxies.port(p);
        try (ServerSocket backend = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.2"))) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = backend.accept()) {
                    s.getOutputStream().write("same-port\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // test ends
                }
            });
            assertThat(firstLine(port)).isEqualTo("same-port");
        }
    }

    private static boolean canBind(String ip) {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(ip))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void fullServerQueuesUntilASlotFrees() throws Exception {
        TestBackend a = greeting("a");
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    timeout queue 5s
                    server a %s maxconn 1
                """.formatted(a.address()));
        Backend be = p.runtime().backends().get("app");
        try (Client first = Client.connect(Proxies.port(p))) {
            assertThat(first.readLine()).isEqualTo("a");
            Client second = later(Client.connect(Proxies.port(p)));
            Await.until("second client queued", Duration.ofSeconds(3), () -> be.queued() == 1);
            assertThat(a.accepted()).isEqualTo(1);
            first.close();
            assertThat(second.readLine()).isEqualTo("a");
            assertThat(be.queued()).isZero();
        }
    }

    @Test
    void queueTimeoutClosesTheWaitingClient() throws Exception {
        TestBackend a = greeting("a");
        Instance p = proxy("""
                listen app
                    bind 127.0.0.1:0
                    timeout queue 200ms
                    server a %s maxconn 1
                """.formatted(a.address()));
        try (Client first = Client.connect(Proxies.port(p))) {
            assertThat(first.readLine()).isEqualTo("a");
            try (Client second = Client.connect(Proxies.port(p))) {
                assertThat(second.closedByPeer()).isTrue();
            }
            assertThat(a.accepted()).isEqualTo(1);
        }
    }

    @Test
    void frontendMaxconnHoldsExtraConnectionsUntilOneEnds() throws Exception {
        TestBackend a = greeting("a");
        Instance p = proxy("""
                frontend fe
                    bind 127.0.0.1:0
                    maxconn 1
                    default_backend be
                backend be
                    server a %s
                """.formatted(a.address()));
        try (Client first = Client.connect(Proxies.port(p))) {
            assertThat(first.readLine()).isEqualTo("a");
            Client second = later(Client.connect(Proxies.port(p), 300));
            assertThat(second.closedByPeer()).isFalse(); // neither served nor closed: waiting
            assertThat(a.accepted()).isEqualTo(1);
            first.close();
            second.socket().setSoTimeout(5000);
            assertThat(second.readLine()).isEqualTo("a");
        }
    }

    @Test
    void listensOnUnixSocketsAndIpv6Loopback(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(global().isEmpty()
                && io.netty.channel.epoll.Epoll.isAvailable(), "UNIX listeners need epoll");
        TestBackend a = greeting("a");
        java.nio.file.Path sock = dir.resolve("front.sock");
        Instance p = proxy("""
                frontend fe
                    bind unix@%s
                    bind [::1]:0
                    default_backend be
                backend be
                    server a %s
                """.formatted(sock, a.address()));
        try (var ch = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(sock))) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(2);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read the greeting "a\n"
            }
            assertThat(new String(buf.array(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("a\n");
        }
        java.net.InetSocketAddress v6 = (java.net.InetSocketAddress) p.boundAddresses().get(1);
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getByName("::1"), v6.getPort())) {
            s.setSoTimeout(5000);
            assertThat(new String(s.getInputStream().readNBytes(2), java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("a\n");
        }
    }

    @Test
    void softStopLetsLiveStreamsFinishAndRefusesNewOnes() throws Exception {
        TestBackend echo = later(TestBackend.echo("echo"));
        Instance p = Proxies.start(global() + DEFAULTS + """
                listen app
                    bind 127.0.0.1:0
                    server e %s
                """.formatted(echo.address()));
        int port = Proxies.port(p);
        Client live = later(Client.connect(port));
        live.write("1");
        assertThat(live.readExactly(1)).containsExactly('1');
        Thread stopper = Thread.ofVirtual().start(() -> {
            try {
                p.softStop(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until("listener closed", Duration.ofSeconds(3), () -> !Client.accepts(port));
        live.write("2");
        assertThat(live.readExactly(1)).containsExactly('2');
        assertThat(stopper.isAlive()).isTrue();
        live.close();
        stopper.join(5000);
        assertThat(stopper.isAlive()).isFalse();
    }
}
