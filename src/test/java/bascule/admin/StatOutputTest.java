package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The three {@code show stat} formats and {@code show info}'s, on hand-made rows. */
class StatOutputTest {
    private static StatRow row() {
        Field[] f = new Field[StatFields.TOTAL];
        f[StatFields.PXNAME] = Field.str("KNS", "be");
        f[StatFields.SVNAME] = Field.str("KNS", "s1");
        f[StatFields.SCUR] = Field.u32("MGP", 3);
        f[StatFields.LAST_CHK] = Field.str("MOP", "said \"no\", twice");
        f[StatFields.LASTSESS] = Field.s32("MAP", -1);
        f[StatFields.STANDARD] = Field.u64("MCP", 0);
        return new StatRow(StatRow.Kind.SERVER, 3, 1, f);
    }

    @Test
    void csvHasEveryColumnFollowedByACommaAndQuotesTextsWithCommas() {
        String csv = StatOutput.csv(List.of(row()));
        String[] lines = csv.split("\n", -1);
        assertThat(lines[0]).isEqualTo(StatsSocketTest.HEADER);
        assertThat(lines[1]).startsWith("be,s1,,,3,").contains(",-1,\"said \"\"no\"\", twice\",")
                .contains(",-,0,").endsWith(",");
        assertThat(lines[1].split(",\"said")[0].split(",", -1)).hasSize(StatFields.LASTSESS + 1);
        assertThat(lines).hasSize(3);
    }

    @Test
    void typedHasOneLinePerValue() {
        assertThat(StatOutput.typed(List.of(row()))).isEqualTo("""
                S.3.1.0.pxname.1:KNS:str:be
                S.3.1.1.svname.1:KNS:str:s1
                S.3.1.4.scur.1:MGP:u32:3
                S.3.1.55.lastsess.1:MAP:s32:-1
                S.3.1.56.last_chk.1:MOP:str:said "no", twice
                S.3.1.103.ssl_sess.1:MCP:u64:0
                """);
    }

    @Test
    void jsonEscapesStringsAndNamesTags() {
        String json = StatOutput.json(List.of(row(), row()));
        assertThat(json).startsWith("[[{\"objType\":\"Server\",\"proxyId\":3,\"id\":1,\"field\":{\"pos\":0,\"name\":"
                + "\"pxname\"},\"processNum\":1,\"tags\":{\"origin\":\"Key\",\"nature\":\"Name\",\"scope\":\"Service\"},"
                + "\"value\":{\"type\":\"str\",\"value\":\"be\"}}");
        assertThat(json).contains("\"value\":{\"type\":\"str\",\"value\":\"said \\\"no\\\", twice\"}")
                .contains("\"tags\":{\"origin\":\"Metric\",\"nature\":\"Age\",\"scope\":\"Process\"},"
                        + "\"value\":{\"type\":\"s32\",\"value\":-1}")
                .contains("}],[{").endsWith("}]]\n");
    }

    @Test
    void uptimeIsWrittenAsHaproxyDoes() {
        assertThat(ProcessInfo.uptime(6)).isEqualTo("0d 0h00m06s");
        assertThat(ProcessInfo.uptime(2 * 86400 + 3 * 3600 + 4 * 60 + 5)).isEqualTo("2d 3h04m05s");
        assertThat(SessionCommands.humanTime(45)).isEqualTo("45s");
        assertThat(SessionCommands.humanTime(125)).isEqualTo("2m05s");
    }
}
