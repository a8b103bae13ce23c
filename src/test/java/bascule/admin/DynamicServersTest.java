package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.proxy.Server;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.Client;
import bascule.testing.Proxies;
import bascule.testing.TestAgent;
import bascule.testing.TestBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add server} and {@code del server} on a real stats socket with real traffic: an added server takes
 * connections only once enabled, shows in {@code show stat} and {@code show servers state} with the next free
 * id, is health checked once {@code enable health} is given, and once deleted gets no traffic and appears
 * nowhere. Adding and deleting servers under load fails no client connection.
 */
@Timeout(60)
class DynamicServersTest {
    @TempDir
    Path dir;
    TestBackend s1;
    TestBackend n1;
    Instance proxy;
    Path admin;
    Path user;

    @BeforeEach
    void start() throws Exception {
        s1 = TestBackend.greeting("s1");
        n1 = TestBackend.greeting("n1");
        admin = dir.resolve("admin.sock");
        user = dir.resolve("user.sock");
        proxy = Proxies.start("""
                global
                    stats socket %s level admin
                    stats socket %s level user
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
                backend fixed
                    balance static-rr
                    server a %s
                """.formatted(admin, user, s1.address(), s1.address()));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        s1.close();
        n1.close();
    }

    String ask(String command) {
        try {
            return CliClient.ask(admin, command);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The greetings of {@code n} connections made one after the other. */
    Set<String> greetings(int n) throws IOException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            try (Client c = Client.connect(Proxies.port(proxy), 5000)) {
                seen.add(c.readLine());
            }
        }
        return seen;
    }

    String statRow(String server) {
        for (String line : ask("show stat").split("\n")) {
            if (line.startsWith("be," + server + ",")) {
                return line;
            }
        }
        return null;
    }

    @Test
    void addedServerTakesTrafficOnceReadyAndNoneOnceDeleted() throws Exception {
        assertThat(ask("add server be/n1 " + n1.address())).isEqualTo("New server registered.\n\n");
        // A new server is in maintenance: no traffic, but it is in the stats with the next free id.
        assertThat(greetings(4)).containsExactly("s1");
        assertThat(StatsSocketTest.field(statRow("n1"), "status")).isEqualTo("MAINT");
        assertThat(StatsSocketTest.field(statRow("n1"), "sid")).isEqualTo("2");
        assertThat(ask("show servers state be")).contains("\n3 be 2 n1 127.0.0.1 0 1 1 1 ");

        assertThat(ask("set server be/n1 state ready")).isEqualTo("\n");
        assertThat(greetings(6)).containsExactlyInAnyOrder("s1", "n1");
        assertThat(StatsSocketTest.field(statRow("n1"), "status")).isEqualTo("no check");
        assertThat(ask("del server be/n1")).isEqualTo("Only servers in maintenance mode can be deleted.\n");

        // A live connection on n1 holds it.
        Client held = null;
        for (int i = 0; i < 4 && held == null; i++) {
            Client c = Client.connect(Proxies.port(proxy), 5000);
            if ("n1".equals(c.readLine())) {
                held = c;
            } else {
                c.close();
            }
        }
        assertThat(held).as("a connection reached n1").isNotNull();
        assertThat(ask("set server be/n1 state maint")).isEqualTo("\n");
        assertThat(ask("del server be/n1")).isEqualTo("Server still has connections attached to it, cannot remove it.\n");
        held.close();
        Await.until("n1's connection closed", Duration.ofSeconds(5),
                () -> ask("del server be/n1").equals("Server deleted.\n"));

        assertThat(statRow("n1")).isNull();
        assertThat(ask("show servers state be")).doesNotContain(" n1 ");
        assertThat(ask("get weight be/n1")).isEqualTo("No such server.\n\n");
        int before = n1.accepted();
        assertThat(greetings(4)).containsExactly("s1");
        assertThat(n1.accepted()).isEqualTo(before);
        // The id is free again.
        assertThat(ask("add server be/n2 " + n1.address())).isEqualTo("New server registered.\n\n");
        assertThat(StatsSocketTest.field(statRow("n2"), "sid")).isEqualTo("2");
    }

    @Test
    void checkOnAnAddedServerRunsOnceHealthIsEnabled() throws Exception {
        assertThat(ask("add server be/dead 127.0.0.1:1 check inter 100 fall 1")).isEqualTo("New server registered.\n\n");
        assertThat(ask("add server be/n1 " + n1.address() + " check inter 100 rise 1")).isEqualTo("New server registered.\n\n");
        ask("set server be/dead state ready");
        ask("set server be/n1 state ready");
        // The check exists but is off until asked for.
        assertThat(StatsSocketTest.field(statRow("dead"), "status")).isEqualTo("no check");
        assertThat(ask("enable health be/dead")).isEqualTo("\n");
        assertThat(ask("enable health be/n1")).isEqualTo("\n");
        Await.until("dead is seen DOWN and n1 UP", Duration.ofSeconds(10),
                () -> StatsSocketTest.field(statRow("dead"), "status").equals("DOWN")
                        && StatsSocketTest.field(statRow("n1"), "status").equals("UP")
                        && StatsSocketTest.field(statRow("n1"), "check_status").equals("L4OK"));
        assertThat(greetings(6)).containsExactlyInAnyOrder("s1", "n1");

        int checkers = proxy.checks().size();
        ask("set server be/n1 state maint");
        assertThat(ask("del server be/n1")).isEqualTo("Server deleted.\n");
        // Its checker went with it.
        assertThat(proxy.checks().size()).isEqualTo(checkers - 1);
        assertThat(proxy.checks().status(proxy.runtime().backends().get("be").server("dead"))).isPresent();
    }

    @Test
    void agentOnAnAddedServerRunsOnceEnabledAndStopsWithTheServer() throws Exception {
        try (TestAgent agent = TestAgent.answering("50%\n")) {
            assertThat(ask("add server be/n1 " + n1.address() + " weight 10 agent-check agent-port " + agent.port()
                    + " agent-inter 100 agent-send ping\\n")).isEqualTo("New server registered.\n\n");
            Server n1Server = proxy.runtime().backends().get("be").server("n1");
            // The CLI drops a backslash and keeps the next character, as HAProxy's does: no line end here.
            assertThat(n1Server.spec().agent().send()).isEqualTo("pingn");
            // The agent exists but is off until asked for, as the health check of 'check'.
            assertThat(ask("set server be/n1 agent down")).isEqualTo("agent checks are not enabled on this server.\n\n");
            assertThat(ask("show servers state be")).containsPattern("\n3 be 2 n1 127\\.0\\.0\\.1 (\\S+ ){9}18 ");
            assertThat(agent.connections()).isZero();
            assertThat(ask("enable agent be/n1")).isEqualTo("\n");
            Await.until("the agent halved n1's weight", Duration.ofSeconds(10),
                    () -> ask("get weight be/n1").equals("5 (initial 10)\n\n"));
            assertThat(ask("show servers state be")).containsPattern("\n3 be 2 n1 127\\.0\\.0\\.1 (\\S+ ){9}22 ");
            // Its agent has no health yet (HAProxy's dynamic servers): leaving maintenance, the server is DOWN
            // until the agent says "up".
            assertThat(ask("set server be/n1 state ready")).isEqualTo("\n");
            assertThat(StatsSocketTest.field(statRow("n1"), "status")).isEqualTo("DOWN (agent)");
            assertThat(greetings(4)).containsExactly("s1");
            agent.answer("up\n");
            Await.until("the agent brought n1 up", Duration.ofSeconds(10),
                    () -> StatsSocketTest.field(statRow("n1"), "status").equals("no check"));
            assertThat(greetings(6)).containsExactlyInAnyOrder("s1", "n1");
            assertThat(ask("set server be/n1 state maint")).isEqualTo("\n");

            // A port alone is enough: the agent then uses the health check's 'port', as on a configuration line.
            assertThat(ask("add server be/n2 " + n1.address() + " agent-check port " + agent.port()))
                    .isEqualTo("New server registered.\n\n");
            assertThat(proxy.checks().agentStatus(proxy.runtime().backends().get("be").server("n2"))).isPresent();
            // Agent options without 'agent-check' give no agent, as in HAProxy.
            assertThat(ask("add server be/n3 " + n1.address() + " agent-port " + agent.port()))
                    .isEqualTo("New server registered.\n\n");
            assertThat(ask("enable agent be/n3")).isEqualTo("Agent was not configured on this server, cannot enable.\n\n");

            assertThat(ask("del server be/n1")).isEqualTo("Server deleted.\n");
            assertThat(proxy.checks().agentStatus(n1Server)).isEmpty();
            assertThat(proxy.checks().agentStatus(proxy.runtime().backends().get("be").server("n2"))).isPresent();
        }
    }

    @Test
    void errorsAndLevels() throws Exception {
        assertThat(CliClient.ask(user, "add server be/x 127.0.0.1:1")).isEqualTo("Permission denied\n\n");
        assertThat(CliClient.ask(user, "del server be/s1")).isEqualTo("Permission denied\n\n");
        assertThat(ask("add server fixed/x 127.0.0.1:1"))
                .isEqualTo("Backend must use a dynamic load balancing to support dynamic servers.\n");
        assertThat(ask("add server fe/x 127.0.0.1:1")).isEqualTo("No such backend.\n");
        assertThat(ask("add server be/s1 127.0.0.1:1")).isEqualTo("Already exists a server with the same name in backend.\n\n");
        assertThat(ask("add server be/x 127.0.0.1:1 cookie c")).isEqualTo("'cookie' option is not accepted for dynamic server\n\n");
        assertThat(ask("add server be/x 127.0.0.1:1 agent-check"))
                .isEqualTo("server x does not have agent port. Agent check has been disabled.\n\n");
        assertThat(ask("add server be/x 127.0.0.1:1 agent-check agent-port 1 no-agent-check"))
                .isEqualTo("'no-agent-check' option is not accepted for dynamic server\n\n");
        assertThat(ask("add server be/x 127.0.0.1:1 agent-check agent-port 1 agent-inter 0")).contains("'agent-inter'");
        assertThat(ask("add server be/x 127.0.0.1:1 agent-fastinter 1s")).contains("'agent-fastinter'");
        assertThat(ask("add server be/x example.com:80")).contains("is not an IP address");
        assertThat(ask("add server be/x 127.0.0.1:1 weight 300")).contains("'weight'");
        assertThat(ask("del server be/nope")).isEqualTo("No such server.\n");
        // Nothing half-made stays behind.
        assertThat(statRow("x")).isNull();
        // A server in the configuration can be deleted too, once in maintenance.
        ask("disable server fixed/a");
        assertThat(ask("del server fixed/a")).isEqualTo("Server deleted.\n");
        assertThat(ask("show servers state fixed")).doesNotContain(" a ");
    }

    @Test
    void addingAndDeletingUnderLoadFailsNoConnection() throws Exception {
        int port = Proxies.port(proxy);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger completed = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                for (int n = 0; n < 5000 && running.get(); n++) {
                    try (Client c = Client.connect(port, 5000)) {
                        String greeting = c.readLine();
                        if (greeting == null || !greeting.equals("s1") && !greeting.equals("n1")) {
                            failures.add("bad greeting: " + greeting);
                        }
                        completed.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        try {
            for (int round = 0; round < 20; round++) {
                assertThat(ask("add server be/n1 " + n1.address())).isEqualTo("New server registered.\n\n");
                ask("set server be/n1 state ready");
                int done = completed.get();
                Await.until("some traffic while n1 is in", Duration.ofSeconds(5), () -> completed.get() > done + 5);
                ask("set server be/n1 state maint");
                Await.until("n1 deleted", Duration.ofSeconds(10), () -> ask("del server be/n1").equals("Server deleted.\n"));
            }
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(n1.accepted()).isPositive();
    }
}
