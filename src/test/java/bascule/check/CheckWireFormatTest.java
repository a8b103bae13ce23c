package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.HttpSendRule;
import bascule.model.Position;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes checks put on the wire and HAProxy's wording of each result, without sockets. */
class CheckWireFormatTest {
    private static String request(String method, String uri, String version, List<HttpSendRule.Header> headers,
                                  String body) {
        return new String(CheckScripts.httpRequest(new HttpSendRule(method, uri, version, headers, body, false, null,
                Position.NONE)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void httpRequestsAreWrittenAsHaproxyWritesThem() {
        assertThat(request(null, null, null, List.of(), null)).isEqualTo("OPTIONS / HTTP/1.0\r\n\r\n");
        assertThat(request("GET", "/healthz", "HTTP/1.1", List.of(new HttpSendRule.Header("Host", "a.example")), null))
                .isEqualTo("GET /healthz HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n");
        assertThat(request("POST", "/x", "HTTP/1.0", List.of(new HttpSendRule.Header("X-Foo", "Bar")), "hello"))
                .isEqualTo("POST /x HTTP/1.0\r\nx-foo: Bar\r\ncontent-length: 5\r\n\r\nhello");
        assertThat(request("GET", "/", "HTTP/1.1", List.of(new HttpSendRule.Header("Connection", "keep-alive")), null))
                .isEqualTo("GET / HTTP/1.1\r\n\r\n");
        assertThat(request("GET", "/", "HTTP/1.1", List.of(new HttpSendRule.Header("Connection", "upgrade")), null))
                .isEqualTo("GET / HTTP/1.1\r\nconnection: upgrade\r\n\r\n");
    }

    @Test
    void protocolPacketsMatchHaproxys() {
        // As captured from HAProxy 2.6 with "user haproxy".
        assertThat(ProtocolProbes.pgsqlStartup("haproxy"))
                .isEqualTo(HexFormat.of().parseHex("000000160003000075736572006861 70726f78790000".replace(" ", "")));
        assertThat(HexFormat.of().formatHex(ProtocolProbes.mysqlLogin("haproxy", false))).isEqualTo(
                "29000001" + "00820000" + "00800001" + "21" + "00".repeat(23) + "686170726f787900" + "00" + "0100000001");
        assertThat(HexFormat.of().formatHex(ProtocolProbes.mysqlLogin("u", true))).isEqualTo(
                "08000001" + "0080" + "000001" + "7500" + "00" + "0100000001");
    }

    @Test
    void resultsCarryTheCodeOfLayer7Statuses() {
        CheckResult wrong = new CheckResult(CheckStatus.L7STS, "Service Unavailable", 2, 503);
        assertThat(StateChangeMessages.down("b", "s", false, wrong, 1, 0, 0, 0, 0)).isEqualTo("Server b/s is DOWN, "
                + "reason: Layer7 wrong status, code: 503, info: \"Service Unavailable\", check duration: 2ms. 1 active "
                + "and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
        CheckResult invalid = new CheckResult(CheckStatus.L7RSP, "", 0, 200);
        assertThat(StateChangeMessages.down("b", "s", false, invalid, 0, 0, 0, 0, 0))
                .startsWith("Server b/s is DOWN, reason: Layer7 invalid response, check duration: 0ms. ");
        assertThat(StateChangeMessages.up("b", "s", false, null, 1, 0, 0, 0))
                .isEqualTo("Server b/s is UP. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.");
    }

    @Test
    void logHealthChecksLinesCountDownWhileUpAndUpWhileDown() {
        CheckResult wrong = new CheckResult(CheckStatus.L7STS, "Service Unavailable", 2, 503);
        assertThat(StateChangeMessages.checkResult("b", "s", false, wrong, 3, 2, 3, false)).isEqualTo("Health check "
                + "for server b/s failed, reason: Layer7 wrong status, code: 503, info: \"Service Unavailable\", check "
                + "duration: 2ms, status: 2/3 UP.");
        assertThat(StateChangeMessages.checkResult("b", "s", true, wrong, 0, 2, 3, false))
                .endsWith("status: 0/2 DOWN.").startsWith("Health check for backup server b/s failed");
        CheckResult ok = new CheckResult(CheckStatus.L4OK, "", 0);
        assertThat(StateChangeMessages.checkResult("b", "s", false, ok, 4, 2, 3, true)).isEqualTo("Health check for "
                + "server b/s succeeded, reason: Layer4 check passed, check duration: 0ms, status: 3/3 DRAIN.");
        assertThat(StateChangeMessages.checkResult("b", "s", false, ok, 1, 2, 3, false)).endsWith("status: 1/2 DOWN.");
    }
}
