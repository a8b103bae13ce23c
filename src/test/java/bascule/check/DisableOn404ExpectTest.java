package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.HttpExpectRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@code http-check disable-on-404} as the HTTP expect step sees it: a 404 is a conditional pass only while the server runs. */
class DisableOn404ExpectTest {
    private static HttpExpect expect(BooleanSupplier softStop) {
        return new HttpExpect(1, HttpExpectRule.Match.STATUS, false, List.of(new HttpExpectRule.StatusRange(200, 399)),
                null, null, -1, null, null, null, null, null, null, softStop);
    }

    private static ExpectStep.Input response(String status) {
        byte[] b = ("HTTP/1.1 " + status + "\r\ncontent-length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new ExpectStep.Input(b, b.length, true, false);
    }

    @Test
    void a404WhileRunningIsAConditionalPassWithoutInfo() {
        HttpExpect e = expect(() -> true);
        assertThat(e.evaluate(response("404 Not Found")).kind()).isEqualTo(ExpectStep.Verdict.Kind.CONTINUE);
        ExpectStep.Verdict v = e.success(response("404 Not Found"));
        assertThat(v.status()).isEqualTo(CheckStatus.L7OKC);
        assertThat(v.code()).isEqualTo(404);
        assertThat(v.info()).isEmpty();
    }

    @Test
    void a404WhileStoppedIsJudgedLikeAnyOtherStatus() {
        AtomicBoolean running = new AtomicBoolean(false);
        HttpExpect e = expect(running::get);
        ExpectStep.Verdict v = e.evaluate(response("404 Not Found"));
        assertThat(v.kind()).isEqualTo(ExpectStep.Verdict.Kind.FAIL);
        assertThat(v.status()).isEqualTo(CheckStatus.L7STS);
        assertThat(v.info()).isEqualTo("Not Found");
        running.set(true);
        assertThat(e.evaluate(response("404 Not Found")).kind()).isEqualTo(ExpectStep.Verdict.Kind.CONTINUE);
    }

    @Test
    void withoutTheOptionOrForOtherCodesNothingChanges() {
        assertThat(expect(null).evaluate(response("404 Not Found")).status()).isEqualTo(CheckStatus.L7STS);
        HttpExpect e = expect(() -> true);
        assertThat(e.evaluate(response("503 Service Unavailable")).status()).isEqualTo(CheckStatus.L7STS);
        assertThat(e.evaluate(response("200 OK")).kind()).isEqualTo(ExpectStep.Verdict.Kind.CONTINUE);
        assertThat(e.success(response("200 OK")).status()).isEqualTo(CheckStatus.L7OK);
    }

    @Test
    void messagesSayStoppingAndConditionallySucceeded() {
        CheckResult condPass = new CheckResult(CheckStatus.L7OKC, "", 3, 404);
        assertThat(StateChangeMessages.stopping("be", "s1", false, condPass, 2, 0)).isEqualTo("Server be/s1 is stopping, "
                + "reason: Layer7 check conditionally passed, code: 404, check duration: 3ms. 2 active and 0 backup "
                + "servers online. 0 sessions requeued, 0 total in queue.");
        assertThat(StateChangeMessages.stopping("be", "s1", true, null, 0, 1)).isEqualTo("Backup Server be/s1 is "
                + "stopping. 0 active and 1 backup servers online. Running on backup. 0 sessions requeued, 0 total in "
                + "queue.");
        assertThat(StateChangeMessages.checkResult("be", "s1", false, condPass, 4, 2, 3, false)).isEqualTo("Health "
                + "check for server be/s1 conditionally succeeded, reason: Layer7 check conditionally passed, code: "
                + "404, check duration: 3ms, status: 3/3 UP.");
    }
}
