package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.check.AgentMessages.Result;
import org.junit.jupiter.api.Test;

/** HAProxy's wording for agent-made changes, checked against lines HAProxy 2.6 prints. */
class AgentMessagesTest {
    private static final Result DOWN = new Result(CheckStatus.L7STS, "via agent : down (disk full)", 3);
    private static final Result UP = new Result(CheckStatus.L7OK, "via agent : up", 1);

    @Test
    void downAndUpCarryTheAgentsStatusCodeAndDescription() {
        assertThat(AgentMessages.down("b", "s", false, DOWN, null, 1, 0, 2)).isEqualTo(
                "Server b/s is DOWN, reason: Layer7 wrong status, code: 0, info: \"via agent : down (disk full)\", "
                        + "check duration: 3ms. 1 active and 0 backup servers left. 2 sessions active, 0 requeued, "
                        + "0 remaining in queue.");
        assertThat(AgentMessages.up("b", "s", true, UP, null, 0, 1, 4)).isEqualTo(
                "Backup Server b/s is UP, reason: Layer7 check passed, code: 0, info: \"via agent : up\", "
                        + "check duration: 1ms. 0 active and 1 backup servers online. Running on backup. "
                        + "4 sessions requeued, 0 total in queue.");
    }

    @Test
    void withoutACauseOnlyTheTrackedServerIsNamed() {
        assertThat(AgentMessages.down("b", "s", false, null, null, 0, 0, 0)).isEqualTo(
                "Server b/s is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, "
                        + "0 remaining in queue.");
        assertThat(AgentMessages.down("b", "s", false, null, "o/t", 1, 0, 0)).startsWith("Server b/s is DOWN via o/t. ");
    }

    @Test
    void logHealthChecksReports() {
        assertThat(AgentMessages.report("b", "s", false, new Result(CheckStatus.L4CON, "Connection refused", 0), true, 1))
                .isEqualTo("Agent check for server b/s failed, reason: Layer4 connection problem, "
                        + "info: \"Connection refused\", check duration: 0ms, status: 1/1 UP.");
        assertThat(AgentMessages.report("b", "s", true, DOWN, false, 1)).isEqualTo(
                "Agent check for backup server b/s failed, reason: Layer7 wrong status, code: 0, "
                        + "info: \"via agent : down (disk full)\", check duration: 3ms, status: 0/1 DOWN.");
        assertThat(AgentMessages.report("b", "s", false, UP, true, 0)).endsWith("succeeded, reason: Layer7 check "
                + "passed, code: 0, info: \"via agent : up\", check duration: 1ms, status: 1/1 DRAIN.");
    }

    @Test
    void quotesAndControlBytesInTheAgentsTextAreEncoded() {
        Result r = new Result(CheckStatus.L7STS, "via agent : down (say \"hi\"\n)", 0);
        assertThat(AgentMessages.down("b", "s", false, r, null, 0, 0, 0))
                .contains("info: \"via agent : down (say <22>hi<22><0A>)\"");
    }
}
