package bascule;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.testing.Client;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The TCP seed configurations, rewritten to loopback addresses, carry traffic as their text describes. */
class SeedRunTest {
    private static String seed(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/seeds", name));
    }

    @Test
    void seed001RoundRobinsPostgresConnectionsOverThreeNodes() throws Exception {
        try (TestBackend n1 = TestBackend.greeting("pgsql_node1");
             TestBackend n2 = TestBackend.greeting("pgsql_node2");
             TestBackend n3 = TestBackend.greeting("pgsql_node3")) {
            String cfg = seed("001-pgsql.cfg")
                    .replace("*:5432", "127.0.0.1:0")
                    .replace("192.168.1.10:5432", n1.address())
                    .replace("192.168.1.11:5432", n2.address())
                    .replace("192.168.1.12:5432", n3.address());
            try (Instance p = Proxies.start(cfg)) {
                Set<String> firstRound = new HashSet<>();
                for (int i = 0; i < 3; i++) {
                    try (Client c = Client.connect(Proxies.port(p))) {
                        firstRound.add(c.readLine());
                    }
                }
                assertThat(firstRound).containsExactlyInAnyOrder("pgsql_node1", "pgsql_node2", "pgsql_node3");
            }
        }
    }

    @Test
    void seed001StopsSendingToANodeWhoseCheckFails() throws Exception {
        // Held, so that no other process can start listening there while the test runs.
        try (bascule.testing.Ports.Refusing dead = bascule.testing.Ports.refusing();
             TestBackend n1 = TestBackend.greeting("pgsql_node1");
             TestBackend n2 = TestBackend.greeting("pgsql_node2")) {
            String cfg = seed("001-pgsql.cfg")
                    .replace("*:5432", "127.0.0.1:0")
                    .replace("192.168.1.10:5432", n1.address())
                    .replace("192.168.1.11:5432", n2.address())
                    .replace("192.168.1.12:5432", "127.0.0.1:" + dead.port());
            Proxies.Recorded messages = new Proxies.Recorded();
            try (Instance p = Proxies.start(cfg, messages)) {
                var node3 = p.runtime().backends().get("pgsql_backend").server("pgsql_node3");
                bascule.testing.Await.until("pgsql_node3 marked DOWN", java.time.Duration.ofSeconds(10),
                        () -> !node3.isHealthy());
                assertThat(messages.lines).anySatisfy(l -> assertThat(l).startsWith(
                        "WARNING Server pgsql_backend/pgsql_node3 is DOWN, reason: Layer4 connection problem"));
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < 6; i++) {
                    try (Client c = Client.connect(Proxies.port(p))) {
                        seen.add(c.readLine());
                    }
                }
                assertThat(seen).containsExactlyInAnyOrder("pgsql_node1", "pgsql_node2");
                assertThat(node3.connectErrors()).isZero();
            }
        }
    }

    @Test
    void seed003ForwardsRawBytesToTheSingleServer() throws Exception {
        try (TestBackend backend = TestBackend.echo("backend1")) {
            String cfg = seed("003-tcp-service.cfg")
                    .replace("192.168.1.1:1234", "127.0.0.1:0")
                    .replace("192.168.1.100:5000", backend.address())
                    .replace("    daemon\n", "");
            try (Instance p = Proxies.start(cfg); Client c = Client.connect(Proxies.port(p))) {
                c.write("raw bytes \u0000\u00ff\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                assertThat(c.readExactly(13)).isEqualTo("raw bytes \u0000\u00ff\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
    }
}
