package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.proxy.AdminState;
import bascule.proxy.Server;
import bascule.testing.Await;
import bascule.testing.Client;
import bascule.testing.Proxies;
import bascule.testing.TestAgent;
import bascule.testing.TestBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Agent checks against a real fake agent and real backends on loopback, through a started instance. */
class AgentCheckTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final Proxies.Recorded messages = new Proxies.Recorded();
    private Instance instance;
    private TestBackend s1;
    private TestBackend s2;

    @AfterEach
    void tearDown() throws Exception {
        if (instance != null) {
            instance.close();
        }
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    @Test
    void fiftyPercentHalvesTheWeightAndTheTrafficShare() throws Exception {
        TestAgent agent = agent(TestAgent.answering("50%\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    balance roundrobin
                    server s1 %s weight 4 agent-check agent-port %d agent-inter 50
                    server s2 %s weight 4
                """, agent.port());
        Server s = server("s1");
        await("weight 50% of 4", () -> s.configuredWeight() == 2);
        assertThat(s.spec().weight()).isEqualTo(4);

        Map<String, Integer> seen = spread(60);
        assertThat(seen.get("s1")).as("1/3 of 60 with weights 2 and 4").isBetween(18, 22);
        assertThat(seen.get("s2")).isEqualTo(60 - seen.get("s1"));
        assertThat(log()).as("weight changes are not logged").isEmpty();
    }

    @Test
    void drainStopsNewConnectionsAndReadyRestoresThem() throws Exception {
        TestAgent agent = agent(TestAgent.answering("drain\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    server s1 %s agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, agent.port());
        Server s = server("s1");
        await("s1 draining", () -> s.adminState() == AdminState.DRAIN);
        assertThat(spread(10)).containsOnlyKeys("s2");

        agent.answer("ready\n");
        await("s1 ready", () -> s.adminState() == AdminState.READY);
        assertThat(spread(10).get("s1")).isEqualTo(5);
        // Server.setAdminState words admin transitions (for the agent as for the runtime API): once each.
        assertThat(log()).hasSize(2);
        assertThat(log().get(0)).contains("Server app/s1 enters drain state");
        assertThat(log().get(1)).contains("Server app/s1 is UP").contains("(leaving forced drain)");
    }

    @Test
    void maintTakesTheServerOutAndReadyBringsItBack() throws Exception {
        TestAgent agent = agent(TestAgent.answering("maint\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    server s1 %s agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, agent.port());
        Server s = server("s1");
        await("s1 in maintenance", () -> s.adminState() == AdminState.MAINT);
        assertThat(spread(10)).containsOnlyKeys("s2");

        agent.answer("ready\n");
        await("s1 ready", () -> s.adminState() == AdminState.READY);
        assertThat(spread(10).get("s1")).isEqualTo(5);
        assertThat(log()).hasSize(2);
        assertThat(log().get(0)).contains("Server app/s1 is going DOWN for maintenance. 1 active and 0 backup "
                + "servers left.");
        assertThat(log().get(1)).contains("Server app/s1 is UP/READY (leaving forced maintenance)");
    }

    @ParameterizedTest(name = "noepoll={0}")
    @ValueSource(booleans = {false, true})
    void downRemovesTheServerAndUpBringsItBack(boolean noepoll) throws Exception {
        TestAgent agent = agent(TestAgent.answering("down #disk full\n"));
        start(noepoll, """
                listen app
                    bind 127.0.0.1:0
                    server s1 %s agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, agent.port());
        Server s = server("s1");
        await("s1 DOWN by its agent", () -> !s.isAgentUp());
        assertThat(s.isUsable()).isFalse();
        assertThat(spread(10)).containsOnlyKeys("s2");

        agent.answer("UP\n");
        await("s1 UP again", () -> s.isAgentUp());
        assertThat(spread(10).get("s1")).isEqualTo(5);
        assertThat(log()).hasSize(2);
        assertThat(log().get(0)).matches(template(
                "WARNING Server app/s1 is DOWN, reason: Layer7 wrong status, code: 0, "
                        + "info: \"via agent : down (disk full)\", check duration: #ms. 1 active and 0 backup "
                        + "servers left. 0 sessions active, 0 requeued, 0 remaining in queue."));
        assertThat(log().get(1)).matches(template(
                "WARNING Server app/s1 is UP, reason: Layer7 check passed, code: 0, info: \"via agent : UP\", "
                        + "check duration: #ms. 2 active and 0 backup servers online. 0 sessions requeued, "
                        + "0 total in queue."));
    }

    @Test
    void agentSendTextReachesTheAgentAtItsOwnAddress() throws Exception {
        TestAgent agent = agent(TestAgent.readingFirst("up\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    server s1 %s agent-check agent-addr 127.0.0.1 agent-port %d agent-inter 50 agent-send "app s1\\n"
                    server s2 %s
                """, agent.port());
        await("two agent checks", () -> agent.received().size() >= 2);
        assertThat(agent.received()).allMatch("app s1"::equals);
        assertThat(server("s1").isUsable()).isTrue();
    }

    @Test
    void theAgentUsesPortWhenAgentPortIsNotSet() throws Exception {
        TestAgent agent = agent(TestAgent.answering("drain\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    server s1 %s port %d agent-check agent-inter 50
                    server s2 %s
                """, agent.port());
        await("s1 draining", () -> server("s1").adminState() == AdminState.DRAIN);
    }

    @Test
    void anAgentThatCannotBeReachedChangesNothingAndIsOnlyLoggedWithLogHealthChecks() throws Exception {
        int closed = closedPort();
        start("""
                listen app
                    bind 127.0.0.1:0
                    option log-health-checks
                    server s1 %s agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, closed);
        await("the failure logged", () -> !log().isEmpty());
        assertThat(log().get(0)).matches(template(
                "WARNING Agent check for server app/s1 failed, reason: Layer4 connection problem, "
                        + "info: \"Connection refused\", check duration: #ms, status: 1/1 UP."));
        assertThat(server("s1").isUsable()).isTrue();
        assertThat(spread(4).get("s1")).isEqualTo(2);
    }

    @Test
    void emptyRepliesAreReportedOnceAndNeverMarkTheServerDown() throws Exception {
        TestAgent agent = agent(TestAgent.answering(""));
        start("""
                listen app
                    bind 127.0.0.1:0
                    option log-health-checks
                    server s1 %s agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, agent.port());
        await("five agent checks", () -> agent.connections() >= 5);
        await("the failure logged", () -> !log().isEmpty());
        assertThat(log()).as("logged when the status changes, not at every check").singleElement()
                .asString().matches(template("WARNING Agent check for server app/s1 failed, reason: Layer7 invalid "
                        + "response, info: \"TCPCHK got an empty response at step 2\", check duration: #ms, "
                        + "status: 1/1 UP."));
        assertThat(server("s1").isUsable()).isTrue();
    }

    @Test
    void garbageAndIncompleteLinesChangeNothing() throws Exception {
        TestAgent agent = agent(TestAgent.answering("hello world\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    server s1 %s weight 4 agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, agent.port());
        AgentCheck check = agentCheck();
        await("garbage seen", () -> check.last().info().equals("agent reports an error : hello"));
        assertThat(check.last().status()).isEqualTo(CheckStatus.CHECKED);

        agent.answer("down");
        await("incomplete line seen", () -> check.last().info().equals("Ignoring incomplete line from agent"));
        Server s = server("s1");
        assertThat(s.isUsable()).isTrue();
        assertThat(s.configuredWeight()).isEqualTo(4);
        assertThat(s.adminState()).isEqualTo(AdminState.READY);
        assertThat(log()).isEmpty();
    }

    @Test
    void aReplyLongerThanHaproxysBufferWithoutLineEndIsIncomplete() throws Exception {
        TestAgent agent = agent(TestAgent.answering("drain " + " ".repeat(AgentCheck.MAX_REPLY) + "\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    server s1 %s agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, agent.port());
        AgentCheck check = agentCheck();
        await("two agent checks", () -> agent.connections() >= 2);
        await("incomplete line seen", () -> check.last().info().equals("Ignoring incomplete line from agent"));
        assertThat(server("s1").adminState()).isEqualTo(AdminState.READY);
    }

    @Test
    void maxconnAndAWeightOnAStaticAlgorithm() throws Exception {
        TestAgent agent = agent(TestAgent.answering("maxconn:1 50%\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    balance static-rr
                    server s1 %s weight 4 maxconn 100 agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, agent.port());
        Server s = server("s1");
        await("maxconn 1", () -> s.maxConnections() == 1);
        AgentCheck check = agentCheck();
        await("weight refused", () -> check.last().info().startsWith("agent warns : "));
        assertThat(check.last().info()).isEqualTo("agent warns : Backend is using a static LB algorithm and only "
                + "accepts weights '0%' and '100%'.\n");
        assertThat(s.configuredWeight()).isEqualTo(4);
    }

    @Test
    void readyTakesADisabledServerOutOfMaintenance() throws Exception {
        TestAgent agent = agent(TestAgent.answering("ready\n"));
        start("""
                listen app
                    bind 127.0.0.1:0
                    server s1 %s disabled agent-check agent-port %d agent-inter 50
                    server s2 %s
                """, agent.port());
        await("s1 ready", () -> server("s1").adminState() == AdminState.READY);
        assertThat(log()).singleElement().asString().contains("Server app/s1 is UP/READY (leaving forced maintenance)");
        assertThat(spread(4).get("s1")).isEqualTo(2);
    }

    private void start(String proxies, int agentPort) throws Exception {
        start(false, proxies, agentPort);
    }

    private void start(boolean noepoll, String proxies, int agentPort) throws Exception {
        s1 = backend("s1");
        s2 = backend("s2");
        String cfg = (noepoll ? "global\n    noepoll\n" : "") + """
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                """ + proxies.formatted(s1.address(), agentPort, s2.address());
        instance = Instance.start(Instance.parse(cfg, "t.cfg"), messages);
    }

    /** Messages about s1, whatever their level, in order. */
    private List<String> log() {
        return messages.lines.stream().filter(l -> l.contains("app/s1")).toList();
    }

    private Server server(String name) {
        return instance.runtime().backends().get("app").server(name);
    }

    private AgentCheck agentCheck() {
        return instance.checks().agents.stream().filter(a -> a.server().name().equals("s1")).findFirst()
                .orElseThrow();
    }

    /** Opens {@code n} connections one after the other and counts which backend greeted each. */
    private Map<String, Integer> spread(int n) throws IOException {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            try (Client c = Client.connect(Proxies.port(instance))) {
                seen.merge(c.readLine(), 1, Integer::sum);
            }
        }
        return seen;
    }

    private TestAgent agent(TestAgent a) {
        closeLast.add(a);
        return a;
    }

    private TestBackend backend(String name) throws IOException {
        TestBackend b = TestBackend.greeting(name);
        closeLast.add(b);
        return b;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A regex matching {@code text} literally, except that '#' stands for a number. */
    private static String template(String text) {
        return Pattern.quote(text).replace("#", "\\E\\d+\\Q");
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, DEADLINE, condition);
    }
}
