package bascule.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.Client;
import bascule.testing.HaproxyOracle;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end against the real HAProxy: the same configuration text runs in both, in front of the same
 * backends, and the same sequence of client connections must reach the same servers in the same order
 * and carry the same bytes.
 */
@Timeout(60)
class HaproxyDifferentialTest {
    private static final int CONNECTIONS = 30;

    @BeforeAll
    static void haproxyInstalled() {
        HaproxyOracle.assumeAvailable();
    }

    private static String config(String bind, String balance, String serverLines) {
        return """
                global
                    maxconn 1000
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                listen app
                    bind %s
                    balance %s
                %s
                """.formatted(bind, balance, serverLines);
    }

    /**
     * One connection after the other. Each next one waits until the servers saw the last one close, so that the
     * proxy has let it go: otherwise leastconn may still count it, in either proxy, and its choice depends on
     * timing rather than on the algorithm.
     */
    private static List<String> sequence(int port, List<TestBackend> backends) throws IOException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            try (Client c = Client.connect(port)) {
                String name = c.readLine();
                c.write("payload-" + i + "\n");
                assertThat(c.readLine()).isEqualTo("payload-" + i);
                seen.add(name);
            }
            Await.until("the servers saw connection " + i + " close", java.time.Duration.ofSeconds(5),
                    () -> backends.stream().allMatch(b -> b.live() == 0));
        }
        return seen;
    }

    @ParameterizedTest(name = "balance {0}, server options {1}")
    @CsvSource(delimiter = '|', value = {
            "roundrobin | weight 1, weight 2, weight 3",
            "static-rr  | weight 3, weight 1, weight 2",
            "roundrobin | weight 1, weight 1, weight 1 backup",
            "first      | maxconn 10, maxconn 10, maxconn 10",
            "leastconn  | weight 1, weight 1, weight 1"})
    void sameServerSequenceAsHaproxy(String balance, String options) throws Exception {
        String[] opts = options.split(",");
        List<TestBackend> backends = new ArrayList<>();
        try {
            StringBuilder servers = new StringBuilder();
            for (int i = 0; i < opts.length; i++) {
                TestBackend b = TestBackend.greeting("s" + (i + 1));
                backends.add(b);
                servers.append("    server s").append(i + 1).append(' ').append(b.address()).append(' ')
                        .append(opts[i].trim()).append('\n');
            }
            List<String> haproxy;
            try (HaproxyOracle h = HaproxyOracle.startOnFreePorts((port, ready) ->
                    config("127.0.0.1:" + port, balance.trim(), servers.toString())
                            + "listen ready\n    bind 127.0.0.1:" + ready + "\n    server none 127.0.0.1:9\n")) {
                haproxy = sequence(h.port(), backends);
            }
            List<String> bascule;
            try (Instance p = Proxies.start(config("127.0.0.1:0", balance.trim(), servers.toString()))) {
                bascule = sequence(Proxies.port(p), backends);
            }
            assertThat(bascule).as("Bascule's sequence vs HAProxy's").isEqualTo(haproxy);
        } finally {
            for (TestBackend b : backends) {
                b.close();
            }
        }
    }
}
