package bascule.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code http-check expect [min-recv <n>] [!] status <codes>|rstatus <regex>|string <text>|rstring <regex> ...}.
 * {@code codes} are the ranges of {@code status} ("200", "200-399", "200,302-304"); {@code regex} is compiled
 * once at load for {@code rstatus} (matched against the three-digit code) and {@code rstring} (against the
 * body); {@code text} is the body substring of {@code string}.
 */
public record HttpExpectRule(Match match, boolean inverse, List<StatusRange> codes, String text, Pattern regex,
                             int minRecv, ExpectReport report, String comment, Position position) implements CheckRule {

    public enum Match { STATUS, RSTATUS, STRING, RSTRING }

    /** An inclusive range of HTTP status codes. */
    public record StatusRange(int low, int high) {
        public boolean contains(int code) {
            return code >= low && code <= high;
        }
    }

    public HttpExpectRule {
        codes = codes == null ? List.of() : List.copyOf(codes);
    }

    /** HAProxy's implicit expectation when the last request has none: any 2xx or 3xx status. */
    public static HttpExpectRule implicitAt(Position position) {
        return new HttpExpectRule(Match.STATUS, false, List.of(new StatusRange(200, 399)), null, null, -1,
                ExpectReport.DEFAULT, null, position);
    }

    public HttpExpectRule withComment(String note) {
        return new HttpExpectRule(match, inverse, codes, text, regex, minRecv, report, note, position);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpExpectRule e && match == e.match && inverse == e.inverse && codes.equals(e.codes)
                && java.util.Objects.equals(text, e.text)
                && (regex == null ? e.regex == null : e.regex != null && regex.pattern().equals(e.regex.pattern()))
                && minRecv == e.minRecv && report.equals(e.report) && java.util.Objects.equals(comment, e.comment)
                && position.equals(e.position);
    }

    @Override
    public int hashCode() {
        return match.hashCode() * 31 + position.hashCode();
    }
}
