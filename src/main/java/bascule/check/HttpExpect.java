package bascule.check;

import bascule.model.HttpExpectRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * {@code http-check expect}: the status code against a list of ranges ({@code status}) or a regex
 * ({@code rstatus}), or the body against a substring ({@code string}) or a regex ({@code rstring}). Status
 * expectations decide as soon as the headers are in; body expectations wait for a match or the end of the
 * body. Wording as HAProxy's: a wrong status is "Layer7 wrong status" with the reason phrase as info, a body
 * mismatch "Layer7 invalid response" with "HTTP content check did not match".
 *
 * <p>With {@code http-check disable-on-404}, {@code softStop} says whether the server is still running; while it
 * is, a 404 skips the expectation (the script goes on), and a script whose last response was such a 404 ends
 * "Layer7 check conditionally passed" (L7OKC, no info), which puts the server in NOLB. A server that is already
 * stopped gets no such favour: its 404 is judged as any other status.
 */
record HttpExpect(int id, HttpExpectRule.Match match, boolean inverse, List<HttpExpectRule.StatusRange> codes,
                  byte[] text, Pattern regex, int minRecv, CheckStatus okStatus, CheckStatus errorStatus,
                  CheckStatus timeoutStatus, String onSuccess, String onError, String comment,
                  BooleanSupplier softStop) implements ExpectStep {

    @Override
    public Verdict evaluate(Input in) {
        HttpCheckResponse response = HttpCheckResponse.parse(in.data(), in.size(), in.lastRead(), in.headRequest());
        if (response.state() == HttpCheckResponse.State.MALFORMED
                || response.state() == HttpCheckResponse.State.INCOMPLETE && in.lastRead()) {
            return fail(CheckStatus.L7RSP, "", 0);
        }
        if (response.state() == HttpCheckResponse.State.INCOMPLETE) {
            return Verdict.WAIT;
        }
        int code = response.status();
        if (softStopped(code)) {
            return Verdict.CONTINUE;
        }
        boolean matched;
        CheckStatus status;
        String description;
        switch (match) {
            case STATUS, RSTATUS -> {
                matched = match == HttpExpectRule.Match.STATUS
                        ? codes.stream().anyMatch(r -> r.contains(code))
                        : regex.matcher(String.format("%03d", code)).find();
                status = errorStatus != null ? errorStatus : CheckStatus.L7STS;
                description = response.reason();
            }
            default -> {
                byte[] body = response.body();
                boolean lastRead = in.lastRead() || response.complete();
                if (body.length == 0) {
                    if (!lastRead) {
                        return Verdict.WAIT;
                    }
                    return fail(errorStatus != null ? errorStatus : CheckStatus.L7RSP,
                            "HTTP content check could not find a response body", code);
                }
                if (!lastRead && (match == HttpExpectRule.Match.STRING && body.length < text.length
                        || minRecv > 0 && body.length < minRecv)) {
                    return Verdict.WAIT;
                }
                matched = match == HttpExpectRule.Match.STRING
                        ? new Input(body, body.length, true, false).indexOf(text) >= 0
                        : regex.matcher(new String(body, StandardCharsets.ISO_8859_1)).find();
                if (!matched && !lastRead && minRecv == -1) {
                    return Verdict.WAIT;
                }
                status = errorStatus != null ? errorStatus : CheckStatus.L7RSP;
                description = inverse ? "HTTP check matched unwanted content" : "HTTP content check did not match";
            }
        }
        return matched != inverse ? Verdict.CONTINUE : fail(status, description, code);
    }

    private Verdict fail(CheckStatus status, String description, int code) {
        return Verdict.fail(status, ExpectStep.withComment(onError != null ? onError : description, comment), code);
    }

    @Override
    public Verdict success(Input in) {
        HttpCheckResponse response = HttpCheckResponse.parse(in.data(), in.size(), in.lastRead(), in.headRequest());
        if (softStopped(response.status())) {
            return Verdict.pass(CheckStatus.L7OKC, "", 404);
        }
        return Verdict.pass(okStatus != null ? okStatus : CheckStatus.L7OK, onSuccess != null ? onSuccess : "",
                response.status());
    }

    /** A 404 under {@code disable-on-404} while the server still runs. */
    private boolean softStopped(int code) {
        return code == 404 && softStop != null && softStop.getAsBoolean();
    }

    @Override
    public String describe() {
        return switch (match) {
            case STATUS -> " (expect HTTP status codes)";
            case RSTATUS -> " (expect HTTP status regex)";
            case STRING -> " (expect HTTP body content '" + new String(text, StandardCharsets.ISO_8859_1) + "')";
            case RSTRING -> " (expect HTTP body regex)";
        };
    }
}
