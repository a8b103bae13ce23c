package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.HashFunction;
import bascule.model.HashType;
import bascule.testing.HaproxyOracle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Differential test of {@code balance source} against the real HAProxy: clients connect from many
 * loopback addresses (all of 127.0.0.0/8 is loopback on Linux) and each must land on the server HAProxy
 * chose for that address, for map-based and consistent hashing, with and without avalanche.
 */
@Timeout(30)
class SourceHashDifferentialTest {
    private static final int CLIENTS = 40;

    @BeforeAll
    static void haproxyAndLoopbackAliases() {
        HaproxyOracle.assumeAvailable();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.3.7"), 0));
        } catch (IOException e) {
            assumeTrue(false, "cannot bind 127.0.3.7 (no 127/8 loopback here): " + e);
        }
    }

    @ParameterizedTest(name = "hash-type {0}, weights {1}")
    @CsvSource({
        "map-based, 1 2 3",
        "map-based sdbm avalanche, 2 4 7",
        "consistent, 1 2 3",
        "consistent sdbm, 1 2 3 4 5",
        "consistent sdbm avalanche, 1 1 1 1",
    })
    void sameServerPerClientAsHaproxy(String hashTypeLine, String weightList) throws IOException {
        int[] weights = Arrays.stream(weightList.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        List<InetAddress> clients = new ArrayList<>();
        for (int i = 1; i <= CLIENTS; i++) {
            clients.add(InetAddress.getByAddress(new byte[] {127, 0, (byte) (i * 37), (byte) (i * 11 + 1)}));
        }
        List<String> observed = new ArrayList<>();
        try (RoundRobinDifferentialTest.Backends backends = new RoundRobinDifferentialTest.Backends(weights.length)) {
            HaproxyOracle.PortsConfig config = (port, readyPort) -> {
                StringBuilder cfg = new StringBuilder("""
                        global
                          nbthread 1
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
                          balance source
                          hash-type %s
                        """.formatted(readyPort, port, hashTypeLine));
                for (int i = 0; i < weights.length; i++) {
                    cfg.append("  server s%d %s weight %d\n".formatted(
                            i + 1, backends.list.get(i).address(), weights[i]));
                }
                return cfg.toString();
            };
            try (HaproxyOracle oracle = HaproxyOracle.startOnFreePorts(config)) {
                for (InetAddress client : clients) {
                    observed.add(greetingFrom(client, oracle.port(), oracle));
                }
            }
        }
        LoadBalancer lb = LoadBalancers.create(new Balance(Algorithm.SOURCE, 2), hashType(hashTypeLine),
                FakeServer.actives(weights), false);
        List<String> ours = clients.stream()
                .map(c -> lb.pick(new LbRequest(c.getAddress()), null).name())
                .toList();
        assertThat(String.join(" ", ours)).isEqualTo(String.join(" ", observed));
    }

    /**
     * The model of a {@code hash-type} line. HAProxy implies {@code avalanche} for {@code consistent} given
     * without a function (kept from before functions could be chosen), so the binder must do the same.
     */
    private static HashType hashType(String line) {
        List<String> words = List.of(line.split("\\s+"));
        boolean consistent = words.get(0).equals("consistent");
        if (words.size() == 1) {
            return new HashType(consistent, HashFunction.SDBM, consistent);
        }
        return new HashType(consistent, HashFunction.valueOf(words.get(1).toUpperCase()), words.contains("avalanche"));
    }

    private static String greetingFrom(InetAddress client, int port, HaproxyOracle oracle) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(client, 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            s.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line == null ? "-" : line;
        } catch (IOException e) {
            throw new UncheckedIOException("connection from " + client + " failed:\n" + oracle.output(), e);
        }
    }
}
