package bascule.model;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * {@code tcp-check expect [min-recv <n>] [!] string|binary|rstring|rbinary <pattern> ...}. {@code data} holds
 * the bytes to find (string or decoded hexadecimal); {@code regex} the compiled pattern of {@code rstring}
 * (matched against the bytes read) or {@code rbinary} (matched against their upper-case hexadecimal dump).
 * {@code minRecv} -1 means "keep reading while it does not match".
 */
public record ExpectRule(Match match, boolean inverse, byte[] data, Pattern regex, int minRecv, ExpectReport report,
                         String comment, Position position) implements CheckRule {

    public enum Match { STRING, BINARY, RSTRING, RBINARY }

    public ExpectRule {
        data = data == null ? null : data.clone();
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    public ExpectRule withComment(String text) {
        return new ExpectRule(match, inverse, data, regex, minRecv, report, text, position);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpectRule e && match == e.match && inverse == e.inverse && Arrays.equals(data, e.data)
                && (regex == null ? e.regex == null : e.regex != null && regex.pattern().equals(e.regex.pattern()))
                && minRecv == e.minRecv && report.equals(e.report) && java.util.Objects.equals(comment, e.comment)
                && position.equals(e.position);
    }

    @Override
    public int hashCode() {
        return match.hashCode() * 31 + position.hashCode();
    }

    @Override
    public String toString() {
        return "ExpectRule[" + (inverse ? "! " : "") + match.name().toLowerCase(java.util.Locale.ROOT) + " at "
                + position + "]";
    }
}
