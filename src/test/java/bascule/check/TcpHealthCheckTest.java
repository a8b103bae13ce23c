package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bascule.Instance;
import bascule.proxy.Backend;
import bascule.proxy.Messages;
import bascule.proxy.Server;
import bascule.testing.Ports;
import bascule.testing.TestBackend;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain TCP checks against real loopback sockets, through a runtime built from configuration text. */
class TcpHealthCheckTest {
    private static final long DEADLINE_MILLIS = 10_000;
    private static final long EARLY_TOLERANCE_MILLIS = 20;

    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final Capture messages = new Capture();
    private Instance instance;
    private EventLoopGroup group;
    private HealthChecks checks;

    @AfterEach
    void tearDown() throws Exception {
        if (checks != null) {
            checks.stop();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (instance != null) {
            instance.close();
        }
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    @ParameterizedTest(name = "noepoll={0}")
    @ValueSource(booleans = {false, true})
    void killedServerGoesDownAfterFallFailuresAndComesBackAfterRiseSuccesses(boolean noepoll) throws Exception {
        TestBackend s1 = backend("s1");
        TestBackend s2 = backend("s2");
        start(noepoll, """
                listen app
                    bind 127.0.0.1:0
                    server s1 %s check inter 100 fastinter 150 downinter 50 rise 2 fall 3
                    server s2 %s check inter 100
                """.formatted(s1.address(), s2.address()));
        Server server = server("app", "s1");

        await("s1 fully UP after its first passed check", () -> phase(server) == CheckState.Phase.UP);
        // The kernel completes a probe's handshake before the backend's accept loop counts it.
        await("s1 counted the probe", () -> s1.accepted() > 0);

        long killed = System.nanoTime();
        s1.close();
        await("s1 DOWN", () -> phase(server) == CheckState.Phase.DOWN);
        long downAfter = millisSince(killed);

        assertThat(server.isHealthy()).isFalse();
        CheckSnapshot down = checks.status(server).orElseThrow();
        assertThat(down.failedChecks()).as("failed checks counted before DOWN").isEqualTo(3);
        assertThat(down.downTransitions()).isEqualTo(1);
        assertThat(down.last().status()).isEqualTo(CheckStatus.L4CON);
        assertThat(down.last().info()).isEqualTo("Connection refused");
        // The first failure may come right after the kill; the two after it wait fastinter each.
        assertThat(downAfter).isGreaterThanOrEqualTo(2 * 150 - EARLY_TOLERANCE_MILLIS);
        assertThat(messages.warnings()).singleElement().asString().matches(
                "Server app/s1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", "
                        + "check duration: \\d+ms\\. 1 active and 0 backup servers left\\. "
                        + "0 sessions active, 0 requeued, 0 remaining in queue\\.");

        long reopened = System.nanoTime();
        listenOn(s1.port());
        await("s1 UP again", () -> phase(server) == CheckState.Phase.UP);
        long upAfter = millisSince(reopened);

        assertThat(server.isHealthy()).isTrue();
        // rise 2: the first pass (after at most downinter) only makes it "going up"; the second waits fastinter.
        assertThat(upAfter).isGreaterThanOrEqualTo(150 - EARLY_TOLERANCE_MILLIS);
        assertThat(messages.warnings()).hasSize(2);
        assertThat(messages.warnings().get(1)).matches(
                "Server app/s1 is UP, reason: Layer4 check passed, check duration: \\d+ms\\. "
                        + "2 active and 0 backup servers online\\. 0 sessions requeued, 0 total in queue\\.");
        assertThat(messages.alerts()).isEmpty();
        assertThat(checks.status(server("app", "s2")).orElseThrow().failedChecks()).isZero();
    }

    @ParameterizedTest(name = "noepoll={0}")
    @ValueSource(booleans = {false, true})
    void serverClosedFromTheStartIsDownAtTheFirstFailureAndBackupsAreNamedSo(boolean noepoll) throws Exception {
        TestBackend alive = backend("alive");
        int dead = closedPort();
        start(noepoll, """
                listen app
                    bind 127.0.0.1:0
                    server a 127.0.0.1:%d check inter 100
                    server b %s check inter 100 backup
                backend other
                    server live %s check inter 100
                    server spare 127.0.0.1:%d check inter 100 backup
                """.formatted(dead, alive.address(), alive.address(), dead));

        await("both dead servers DOWN", () -> !server("app", "a").isHealthy() && !server("other", "spare").isHealthy());
        await("both snapshots published", () -> phase(server("app", "a")) == CheckState.Phase.DOWN
                && phase(server("other", "spare")) == CheckState.Phase.DOWN);

        // HAProxy's default start: UP with health = rise, so one failure is enough.
        assertThat(checks.status(server("app", "a")).orElseThrow().failedChecks()).isEqualTo(1);
        assertThat(messages.warnings()).hasSize(2).anySatisfy(w -> assertThat(w).matches(template(
                "Server app/a is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", "
                        + "check duration: #ms. 0 active and 1 backup servers left. Running on backup. "
                        + "0 sessions active, 0 requeued, 0 remaining in queue.")))
                .anySatisfy(w -> assertThat(w).matches(template(
                "Backup Server other/spare is DOWN, reason: Layer4 connection problem, "
                        + "info: \"Connection refused\", check duration: #ms. 1 active and 0 backup servers left. "
                        + "0 sessions active, 0 requeued, 0 remaining in queue.")));
        assertThat(messages.alerts()).isEmpty();
        assertThat(server("app", "b").isHealthy()).isTrue();
        assertThat(server("other", "live").isHealthy()).isTrue();
    }

    @Test
    void connectTimeoutIsTimeoutConnectWhenTimeoutCheckIsSet() throws Exception {
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeLast.add(full);
        assumeTrue(fillAcceptQueue(full), "this kernel does not drop SYNs on a full accept queue");
        start(false, """
                backend slow
                    timeout connect 150
                    timeout check 5s
                    server s 127.0.0.1:%d check inter 3000
                """.formatted(full.getLocalPort()));
        Server server = server("slow", "s");

        await("s DOWN", () -> phase(server) == CheckState.Phase.DOWN);

        CheckResult last = checks.status(server).orElseThrow().last();
        assertThat(last.status()).isEqualTo(CheckStatus.L4TOUT);
        assertThat(last.durationMillis()).isBetween(150L - EARLY_TOLERANCE_MILLIS, 2999L);
        assertThat(messages.log()).containsExactly(
                "WARNING " + "Server slow/s is DOWN, reason: Layer4 timeout, check duration: " + last.durationMillis()
                        + "ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                "ALERT backend slow has no server available!");
    }

    @Test
    void stopCancelsEveryChecker() throws Exception {
        TestBackend s = backend("s");
        start(false, """
                backend b
                    server s %s check inter 50
                """.formatted(s.address()));
        await("a few checks", () -> s.accepted() >= 3);

        checks.stop();
        // Probes made before stop() may still wait in the backend's accept queue. A connection of our own goes
        // in behind them: once it is served, every earlier one has been accepted and counted.
        try (bascule.testing.Client marker = bascule.testing.Client.connect(s.port())) {
            marker.write("m");
            assertThat(marker.readExactly(1)).containsExactly('m');
        }
        int after = s.accepted();
        sleep(400); // a negative: nothing may connect for eight intervals
        // A probe that a tick started while stop() was being called may still land after the marker: one at most.
        assertThat(s.accepted() - after).as("connections after stop()").isLessThanOrEqualTo(1);
    }

    private void start(boolean noepoll, String proxies) throws Exception {
        String cfg = (noepoll ? "global\n    noepoll\n" : "") + """
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                """ + proxies;
        instance = Instance.start(Instance.parse(cfg, "t.cfg"), messages);
        assertThat(instance.transport().isEpoll()).isEqualTo(!noepoll && Epoll.isAvailable());
        checks = instance.checks(); // the instance starts the checks of its configuration itself
    }

    private Server server(String backend, String name) {
        Backend b = instance.runtime().backends().get(backend);
        return b.server(name);
    }

    private CheckState.Phase phase(Server server) {
        return checks.status(server).orElseThrow().phase();
    }

    private TestBackend backend(String name) throws IOException {
        TestBackend b = TestBackend.echo(name);
        closeLast.add(b);
        return b;
    }

    /** A loopback port nothing listens on, held until the test ends so that nobody else binds it. */
    private int closedPort() {
        Ports.Refusing refusing = Ports.refusing();
        closeLast.add(refusing);
        return refusing.port();
    }

    /** Listens again on a port that was just closed, accepting and closing whatever connects. */
    private void listenOn(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        closeLast.add(s);
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try {
                    s.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Fills a never-accepting listener's queue until new connection attempts hang; true if they do. */
    private boolean fillAcceptQueue(ServerSocket listener) {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            closeLast.add(s);
            try {
                s.connect(target, 300);
            } catch (SocketTimeoutException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** A regex matching {@code text} literally, except that '#' stands for a number. */
    private static String template(String text) {
        return Pattern.quote(text).replace("#", "\\E\\d+\\Q");
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Records messages in order, by level. */
    private static final class Capture implements Messages {
        private final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void alert(String message) {
            log.add("ALERT " + message);
        }

        @Override
        public void warning(String message) {
            log.add("WARNING " + message);
        }

        @Override
        public void notice(String message) {
            log.add("NOTICE " + message);
        }

        List<String> log() {
            return log.stream().filter(l -> !l.startsWith("NOTICE ")).toList();
        }

        List<String> warnings() {
            return log.stream().filter(l -> l.startsWith("WARNING ")).map(l -> l.substring(8)).toList();
        }

        List<String> alerts() {
            return log.stream().filter(l -> l.startsWith("ALERT ")).map(l -> l.substring(6)).toList();
        }
    }
}
