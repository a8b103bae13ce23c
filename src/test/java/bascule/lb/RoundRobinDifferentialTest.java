package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.HashType;
import bascule.testing.HaproxyOracle;
import bascule.testing.TestBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Differential test against the real HAProxy: the same servers with the same weights behind
 * {@code balance roundrobin} / {@code static-rr} in {@code mode tcp}, 60 sequential connections, and
 * the sequence of servers that answered must equal the sequence our balancer picks.
 */
@Timeout(30)
class RoundRobinDifferentialTest {
    private static final int CONNECTIONS = 60;

    @BeforeAll
    static void haproxyInstalled() {
        HaproxyOracle.assumeAvailable();
    }

    @ParameterizedTest(name = "balance {0}, weights {1}")
    @CsvSource({
        "roundrobin, 1 2 3",
        "roundrobin, 1 1 2",
        "roundrobin, 1 1 1",
        "roundrobin, 1 2 3 4",
        "roundrobin, 5 1 1",
        "roundrobin, 10 2 1",
        "static-rr, 1 2 3",
        "static-rr, 1 1 2",
        "static-rr, 1 2 3 4",
        "static-rr, 10 3 7",
    })
    void sameSequenceAsHaproxy(String algorithm, String weightList) throws IOException {
        int[] weights = Arrays.stream(weightList.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        try (Backends backends = new Backends(weights.length)) {
            List<String> observed;
            try (Harness harness = Harness.start(algorithm, weights, backends, null)) {
                observed = harness.connect(CONNECTIONS);
            }
            LoadBalancer lb = LoadBalancers.create(new Balance(algorithmOf(algorithm), 2), HashType.DEFAULT,
                    FakeServer.actives(weights), false);
            assertThat(String.join(" ", picks(lb, CONNECTIONS)))
                    .as("%s with weights %s, HAProxy's sequence vs ours", algorithm, weightList)
                    .isEqualTo(String.join(" ", observed));
        }
    }

    /** Weight changes and maintenance through HAProxy's runtime API, mirrored on our fake servers. */
    @Test
    void runtimeChangesFollowHaproxy() throws IOException {
        int[] weights = {1, 2, 3};
        Path dir = Files.createTempDirectory("bascule-oracle");
        Path socket = dir.resolve("admin.sock");
        try (Backends backends = new Backends(weights.length)) {
            List<FakeServer> servers = FakeServer.actives(weights);
            LoadBalancer lb = LoadBalancers.create(Balance.DEFAULT, HashType.DEFAULT, servers, false);
            List<String> observed = new ArrayList<>();
            List<String> ours = new ArrayList<>();
            try (Harness harness = Harness.start("roundrobin", weights, backends, socket)) {
                Runnable[] steps = {
                    () -> servers.get(1).weight(5), () -> servers.get(0).usable(false),
                    () -> servers.get(0).usable(true), () -> servers.get(2).weight(0),
                    () -> servers.get(2).weight(1),
                };
                String[] commands = {
                    "set server l/s2 weight 5", "disable server l/s1",
                    "enable server l/s1", "set server l/s3 weight 0",
                    "set server l/s3 weight 1",
                };
                int[] runs = {20, 20, 10, 20, 10, 20};
                for (int i = 0; i < runs.length; i++) {
                    observed.addAll(harness.connect(runs[i]));
                    ours.addAll(picks(lb, runs[i]));
                    if (i < steps.length) {
                        adminCommand(socket, commands[i]);
                        steps[i].run();
                        lb.update();
                        observed.add("|");
                        ours.add("|");
                    }
                }
            }
            assertThat(String.join(" ", ours)).isEqualTo(String.join(" ", observed));
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static Algorithm algorithmOf(String keyword) {
        return Arrays.stream(Algorithm.values()).filter(a -> a.keyword().equals(keyword)).findFirst().orElseThrow();
    }

    private static List<String> picks(LoadBalancer lb, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LbServer s = lb.pick(LbRequest.NONE, null);
            names.add(s == null ? "-" : s.name());
        }
        return names;
    }

    private static void adminCommand(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            // HAProxy answers (an empty line on success) and closes: reading to the end means it is applied.
            ByteBuffer reply = ByteBuffer.allocate(4096);
            StringBuilder text = new StringBuilder();
            while (channel.read(reply) >= 0) {
                reply.flip();
                text.append(StandardCharsets.US_ASCII.decode(reply));
                reply.clear();
            }
            assertThat(text.toString().strip()).as("reply to '%s'", command).isEmpty();
        }
    }

    /** Greeting backends s1..sN on loopback. */
    static final class Backends implements AutoCloseable {
        final List<TestBackend> list = new ArrayList<>();

        Backends(int n) throws IOException {
            for (int i = 1; i <= n; i++) {
                list.add(TestBackend.greeting("s" + i));
            }
        }

        @Override
        public void close() throws IOException {
            for (TestBackend b : list) {
                b.close();
            }
        }
    }

    /** HAProxy in front of the backends, plus a separate readiness listener so probes are not balanced. */
    record Harness(HaproxyOracle oracle, int port) implements AutoCloseable {
        static Harness start(String algorithm, int[] weights, Backends backends, Path adminSocket) {
            HaproxyOracle oracle = HaproxyOracle.startOnFreePorts((port, readyPort) -> {
                StringBuilder cfg = new StringBuilder("global\n  nbthread 1\n");
                if (adminSocket != null) {
                    cfg.append("  stats socket ").append(adminSocket).append(" level admin\n");
                }
                cfg.append("""
                        defaults
                          mode tcp
                          timeout connect 2s
                          timeout client 10s
                          timeout server 10s
                        frontend ready
                          bind 127.0.0.1:%d
                          tcp-request connection reject
                        listen l
                          bind 127.0.0.1:%d
                          balance %s
                        """.formatted(readyPort, port, algorithm));
                for (int i = 0; i < weights.length; i++) {
                    cfg.append("  server s%d %s weight %d\n".formatted(
                            i + 1, backends.list.get(i).address(), weights[i]));
                }
                return cfg.toString();
            });
            return new Harness(oracle, oracle.port());
        }

        @Override
        public void close() {
            oracle.close();
        }

        /** Connects {@code n} times in turn and returns the name each backend greeted with. */
        List<String> connect(int n) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                    s.setSoTimeout(5000);
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    String line = in.readLine();
                    names.add(line == null ? "-" : line);
                } catch (IOException e) {
                    throw new UncheckedIOException("connection " + i + " through haproxy failed:\n"
                            + oracle.output(), e);
                }
            }
            return names;
        }
    }
}
