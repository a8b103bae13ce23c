package bascule.admin;

import static bascule.admin.StatsSocketTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.proxy.Server;
import bascule.testing.Await;
import bascule.testing.CliClient;
import bascule.testing.Proxies;
import bascule.testing.TestAgent;
import bascule.testing.TestBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent checks through the runtime API: their stats fields, {@code set server … agent}, {@code disable agent}. */
class AgentCommandsTest {
    @TempDir
    Path dir;

    private static String s1Row(Path sock) throws Exception {
        for (String row : CliClient.ask(sock, "show stat").split("\n")) {
            if (row.startsWith("be,s1,")) {
                return row;
            }
        }
        throw new AssertionError("no be/s1 row");
    }

    @Test
    void agentFieldsAndCommands() throws Exception {
        Path sock = dir.resolve("admin.sock");
        try (TestBackend backend = TestBackend.greeting("s1"); TestAgent agent = TestAgent.answering("up\n");
             Instance proxy = Proxies.start("""
                     global
                         stats socket %s level admin
                     defaults
                         mode tcp
                         timeout connect 1s
                         timeout client 5s
                         timeout server 5s
                     backend be
                         server s1 %s agent-check agent-port %d agent-inter 100
                     """.formatted(sock, backend.address(), agent.port()))) {
            Server s1 = proxy.runtime().backends().get("be").server("s1");
            Await.until("an agent reply", Duration.ofSeconds(5), () -> agent.connections() > 0
                    && field(s1RowUnchecked(sock), "agent_status").equals("L7OK"));
            String row = s1Row(sock);
            assertThat(field(row, "agent_desc")).isEqualTo("Layer7 check passed");
            assertThat(field(row, "agent_rise")).isEqualTo("1");
            assertThat(field(row, "agent_health")).isEqualTo("1");
            assertThat(field(row, "status")).isEqualTo("no check");

            assertThat(CliClient.ask(sock, "disable agent be/s1")).isEqualTo("\n");
            assertThat(field(s1Row(sock), "agent_status")).isEmpty();
            assertThat(CliClient.ask(sock, "set server be/s1 agent down")).isEqualTo(
                    "agent checks are not enabled on this server.\n\n");
            assertThat(CliClient.ask(sock, "enable agent be/s1")).isEqualTo("\n");
            assertThat(CliClient.ask(sock, "show servers state be")).contains(" 0 22 0 0 - ");

            agent.answer("\n"); // a reply without a health word changes nothing, so the forced state stays
            Await.until("the agent's empty reply", Duration.ofSeconds(5),
                    () -> field(s1RowUnchecked(sock), "agent_status").equals("CHECKED"));
            assertThat(CliClient.ask(sock, "set server be/s1 agent down")).isEqualTo("\n");
            assertThat(s1.isAgentUp()).isFalse();
            assertThat(field(s1Row(sock), "status")).isEqualTo("DOWN (agent)");
            assertThat(CliClient.ask(sock, "set server be/s1 agent up")).isEqualTo("\n");
            assertThat(s1.isAgentUp()).isTrue();
            assertThat(CliClient.ask(sock, "set server be/s1 agent maybe")).isEqualTo(
                    "'set server <srv> agent' expects 'up' or 'down'.\n\n");
        }
    }

    private static String s1RowUnchecked(Path sock) {
        try {
            return s1Row(sock);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
