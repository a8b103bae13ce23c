package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.check.AgentReply.Health;
import bascule.proxy.AdminState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading an agent's line and HAProxy's rules for weights, maxconn and descriptions. */
class AgentReplyTest {

    @Test
    void upIsAHealthWordAndIsDescribedViaAgent() {
        AgentReply r = AgentReply.parse("up\n");
        assertThat(r.complete()).isTrue();
        assertThat(r.health()).isEqualTo(Health.UP);
        assertThat(r.admin()).isNull();
        assertThat(r.weight()).isNull();
        assertThat(r.describe(null)).isEqualTo("via agent : up");
    }

    @ParameterizedTest
    @ValueSource(strings = {"down", "stopped", "fail", "DOWN", "Fail", "StOpPeD"})
    void downStoppedAndFailMarkTheServerDownInAnyCase(String word) {
        AgentReply r = AgentReply.parse(word + "\r\n");
        assertThat(r.health()).isEqualTo(Health.DOWN);
        assertThat(r.describe(null)).isEqualTo("via agent : " + word);
    }

    @Test
    void failedIsNotAHealthWordButAnError() {
        AgentReply r = AgentReply.parse("failed\n");
        assertThat(r.health()).isNull();
        assertThat(r.firstError()).isEqualTo("failed");
        assertThat(r.describe(null)).isEqualTo("agent reports an error : failed");
    }

    @ParameterizedTest
    @CsvSource({"ready,READY", "drain,DRAIN", "maint,MAINT", "MAINT,MAINT", "Drain,DRAIN"})
    void adminWordsSetTheAdminStateOnly(String word, AdminState expected) {
        AgentReply r = AgentReply.parse(word + "\n");
        assertThat(r.admin()).isEqualTo(expected);
        assertThat(r.health()).isNull();
        assertThat(r.firstError()).isNull();
        assertThat(r.describe(null)).isEmpty();
    }

    @Test
    void aPercentageIsAWeightAndAloneChangesNoHealth() {
        AgentReply r = AgentReply.parse("75%\n");
        assertThat(r.weight()).isEqualTo("75%");
        assertThat(r.health()).isNull();
        assertThat(r.describe(null)).isEmpty();
    }

    @Test
    void upAndAWeightTogether() {
        AgentReply r = AgentReply.parse("up 75%\n");
        assertThat(r.health()).isEqualTo(Health.UP);
        assertThat(r.weight()).isEqualTo("75%");
    }

    @Test
    void maxconnAndWeightTogether() {
        AgentReply r = AgentReply.parse("maxconn:30 50%\n");
        assertThat(r.maxconn()).isEqualTo("30");
        assertThat(r.weight()).isEqualTo("50%");
        assertThat(r.health()).isNull();
        assertThat(AgentReply.parse("MaxConn:7\n").maxconn()).isEqualTo("7");
    }

    @Test
    void spacesTabsAndCommasSeparateWordsAndTheLastOfAKindWins() {
        AgentReply r = AgentReply.parse(" drain,\tup , 20% ,ready,down,maxconn:3,maxconn:4, 40%\n");
        assertThat(r.admin()).isEqualTo(AdminState.READY);
        assertThat(r.health()).isEqualTo(Health.DOWN);
        assertThat(r.weight()).isEqualTo("40%");
        assertThat(r.maxconn()).isEqualTo("4");
        assertThat(r.firstError()).isNull();
    }

    @Test
    void aSharpStartsTheDescriptionUsedInTheReason() {
        AgentReply r = AgentReply.parse("down #broken disk\n");
        assertThat(r.health()).isEqualTo(Health.DOWN);
        assertThat(r.description()).isEqualTo("broken disk");
        assertThat(r.describe(null)).isEqualTo("via agent : down (broken disk)");
        // Words after the sharp are description, not keywords.
        assertThat(AgentReply.parse("up # drain 10%\n").admin()).isNull();
        assertThat(AgentReply.parse("up # drain 10%\n").weight()).isNull();
    }

    @Test
    void aSharpGluedToAWordIsPartOfThatWordSoTheReplyIsGarbage() {
        AgentReply r = AgentReply.parse("down#broken disk\n");
        assertThat(r.health()).isNull();
        assertThat(r.firstError()).isEqualTo("down#broken");
        assertThat(r.describe(null)).isEqualTo("agent reports an error : down#broken");
    }

    @Test
    void garbageKeepsOnlyItsFirstWordAndChangesNothing() {
        AgentReply r = AgentReply.parse("hello world 50\n");
        assertThat(r.health()).isNull();
        assertThat(r.admin()).isNull();
        assertThat(r.weight()).isNull();
        assertThat(r.firstError()).isEqualTo("hello");
        assertThat(r.describe("ignored warning")).isEqualTo("agent reports an error : hello");
        assertThat(AgentReply.parse("%50\n").firstError()).isEqualTo("%50");
    }

    @Test
    void descriptionsFollowHaproxysPrecedence() {
        // down keeps its own description over errors; without one it shows the error, else the warning.
        assertThat(AgentReply.parse("down bad #disk\n").describe("w")).isEqualTo("via agent : down (disk)");
        assertThat(AgentReply.parse("down bad\n").describe("w")).isEqualTo("via agent : down (bad)");
        assertThat(AgentReply.parse("down 5%\n").describe("w")).isEqualTo("via agent : down (w)");
        // up prefers an error, then a warning, to its description.
        assertThat(AgentReply.parse("up bad #fine\n").describe("w")).isEqualTo("via agent : up (bad)");
        assertThat(AgentReply.parse("up #fine\n").describe("w")).isEqualTo("via agent : up (w)");
        assertThat(AgentReply.parse("up #fine\n").describe(null)).isEqualTo("via agent : up (fine)");
        // Without a health word a warning alone is reported as such.
        assertThat(AgentReply.parse("5%\n").describe("w")).isEqualTo("agent warns : w");
    }

    @Test
    void onlyTheFirstLineCounts() {
        AgentReply r = AgentReply.parse("drain\rup\n");
        assertThat(r.admin()).isEqualTo(AdminState.DRAIN);
        assertThat(r.health()).isNull();
        assertThat(AgentReply.parse("\n").complete()).isTrue();
        assertThat(AgentReply.parse("\n").describe(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "up", "down #no line end", "up\0\n"})
    void aReplyWithoutLineEndIsIncomplete(String text) {
        AgentReply r = AgentReply.parse(text);
        assertThat(r.complete()).isFalse();
        assertThat(r.health()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "50%, 10, true, 5",
            "50%, 1, true, 0", // rounds down to zero, as in HAProxy
            "100%, 7, false, 7",
            "0%, 7, false, 0",
            "200%, 200, true, 256",
            "99999999999999999999%, 2, true, 256",
            "12, 7, true, 12"})
    void weightsAreRelativeToTheConfiguredWeight(String word, int initial, boolean dynamic, int expected) {
        AgentReply.WeightChange w = AgentReply.weightChange(word, initial, dynamic);
        assertThat(w.error()).isNull();
        assertThat(w.weight()).isEqualTo(expected);
    }

    @Test
    void refusedWeightsSayWhyInHaproxysWords() {
        assertThat(AgentReply.weightChange("50%", 4, false).error())
                .isEqualTo("Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n");
        assertThat(AgentReply.weightChange("50%%", 4, true).error()).isEqualTo("Trailing garbage in weight string");
        assertThat(AgentReply.weightChange("300%x", 4, true).error())
                .isEqualTo("Absolute weight can only be between 0 and 256 inclusive.\n");
        assertThat(AgentReply.weightChange("5x%", 4, true).error()).isEqualTo("Trailing garbage in weight string");
    }

    @Test
    void maxconnValues() {
        assertThat(AgentReply.maxconnChange("30").maxconn()).isEqualTo(30);
        assertThat(AgentReply.maxconnChange("0").maxconn()).isZero();
        assertThat(AgentReply.maxconnChange("-5").maxconn()).isEqualTo(1);
        assertThat(AgentReply.maxconnChange("").error()).isEqualTo("Require <maxconn>.\n");
        assertThat(AgentReply.maxconnChange("x").error()).isEqualTo("maxconn string empty or preceded by garbage");
        assertThat(AgentReply.maxconnChange("30x").error()).isEqualTo("Trailing garbage in maxconn string");
    }
}
