package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HAProxy's exact wording for servers marked DOWN or UP by a check. */
class StateChangeMessagesTest {
    private static final CheckResult REFUSED = new CheckResult(CheckStatus.L4CON, "Connection refused", 0);

    @Test
    void downWithInfo() {
        assertThat(StateChangeMessages.down("pgsql_backend", "pgsql_node1", false, REFUSED, 2, 0, 0, 0, 0))
                .isEqualTo("Server pgsql_backend/pgsql_node1 is DOWN, reason: Layer4 connection problem, "
                        + "info: \"Connection refused\", check duration: 0ms. 2 active and 0 backup servers left. "
                        + "0 sessions active, 0 requeued, 0 remaining in queue.");
    }

    @Test
    void downOnTimeoutHasNoInfo() {
        CheckResult timeout = new CheckResult(CheckStatus.L4TOUT, "", 2001);
        assertThat(StateChangeMessages.down("b", "s", false, timeout, 0, 0, 3, 0, 0))
                .isEqualTo("Server b/s is DOWN, reason: Layer4 timeout, check duration: 2001ms. "
                        + "0 active and 0 backup servers left. 3 sessions active, 0 requeued, 0 remaining in queue.");
    }

    @Test
    void up() {
        CheckResult ok = new CheckResult(CheckStatus.L4OK, "", 0);
        assertThat(StateChangeMessages.up("b", "s", false, ok, 3, 0, 0, 0))
                .isEqualTo("Server b/s is UP, reason: Layer4 check passed, check duration: 0ms. "
                        + "3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.");
    }

    @Test
    void backupServersAndRunningOnBackup() {
        CheckResult ok = new CheckResult(CheckStatus.L4OK, "", 1);
        assertThat(StateChangeMessages.up("b", "bk", true, ok, 0, 1, 2, 0))
                .isEqualTo("Backup Server b/bk is UP, reason: Layer4 check passed, check duration: 1ms. "
                        + "0 active and 1 backup servers online. Running on backup. 2 sessions requeued, "
                        + "0 total in queue.");
        assertThat(StateChangeMessages.down("b", "s", false, REFUSED, 0, 1, 0, 0, 0))
                .isEqualTo("Server b/s is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", "
                        + "check duration: 0ms. 0 active and 1 backup servers left. Running on backup. "
                        + "0 sessions active, 0 requeued, 0 remaining in queue.");
    }

    @Test
    void unknownDurationIsLeftOut() {
        assertThat(StateChangeMessages.down("b", "s", false, new CheckResult(CheckStatus.SOCKERR, "", -1), 0, 0, 0, 0, 0))
                .startsWith("Server b/s is DOWN, reason: Socket error. 0 active");
    }

    @Test
    void infoIsAsciiEncodedLikeHaproxy() {
        assertThat(StateChangeMessages.asciiEncode("a\"b<c>\n\u00e9", '"')).isEqualTo("a<22>b<3C>c<3E><0A><C3><A9>");
    }
}
