package bascule.config;

import bascule.model.CheckRule;
import bascule.model.ExpectReport;
import bascule.model.ExpectRule;
import bascule.model.HttpExpectRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code tcp-check expect ...} and {@code http-check expect ...} lines: one pattern (which {@code !} negates)
 * among options in any order. Patterns are compiled here, once: status lists into ranges, regexes into
 * {@link Pattern}s, hexadecimal into bytes, so a bad one is a configuration error with its line.
 */
final class CheckExpectBinder {
    private static final List<String> TCP_PATTERNS = List.of("string", "rstring", "binary", "rbinary");
    private static final List<String> HTTP_PATTERNS = List.of("status", "rstatus", "string", "rstring");
    private static final List<String> EXPECT_OPTIONS = List.of("min-recv", "comment", "ok-status", "error-status",
            "tout-status", "on-success", "on-error");

    private CheckExpectBinder() {
    }

    /**
     * {@code tcp-check expect ...} ({@code http} false) or {@code http-check expect ...}: options in any order
     * around exactly one pattern, which {@code !} negates.
     */
    static CheckRule expect(ConfigLine line, boolean http) throws ConfigException {
        String what = line.keyword() + " expect";
        List<String> patterns = http ? HTTP_PATTERNS : TCP_PATTERNS;
        if (line.size() <= 2) {
            throw new ConfigException(line.position(), "'" + what + "' expects at least a pattern: "
                    + CheckRuleBinder.quoted(patterns));
        }
        String kind = null;
        String pattern = null;
        boolean inverse = false;
        int minRecv = -1;
        String comment = null;
        String ok = null;
        String error = null;
        String timeout = null;
        String onSuccess = null;
        String onError = null;
        for (int i = 2; i < line.size(); i++) {
            String w = line.word(i);
            boolean negated = false;
            while (w.startsWith("!")) {
                inverse = !inverse;
                negated = true;
                w = w.substring(1);
            }
            if (negated && w.isEmpty()) {
                w = line.word(++i);
                if (w == null) {
                    throw new ConfigException(line.position(), "'" + what + "': '!' must be followed by a pattern");
                }
            }
            if (negated && !patterns.contains(w)) {
                throw new ConfigException(line.position(), "'" + what + "': '!' negates a pattern ("
                        + CheckRuleBinder.quoted(patterns) + "), not '" + w + "'");
            }
            switch (w) {
                case "string", "rstring", "binary", "rbinary", "status", "rstatus" -> {
                    if (!patterns.contains(w)) {
                        throw new ConfigException(line.position(), "'" + what + "' only supports the patterns "
                                + CheckRuleBinder.quoted(patterns) + " but got '" + w + "'");
                    }
                    if (kind != null) {
                        throw new ConfigException(line.position(), "'" + what + "' takes only one pattern but got '"
                                + kind + "' and '" + w + "'");
                    }
                    kind = w;
                    pattern = line.word(++i);
                    if (pattern == null || pattern.isEmpty()) {
                        throw new ConfigException(line.position(), "'" + what + "': '" + w + "' expects a <pattern> "
                                + "as argument");
                    }
                }
                case "min-recv" -> {
                    String n = CheckRuleBinder.argument(line, ++i, what, w);
                    try {
                        minRecv = Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        minRecv = -2;
                    }
                    if (minRecv < -1) {
                        throw new ConfigException(line.position(), "'" + what + "': 'min-recv' expects -1 or an "
                                + "integer from 0 to " + Integer.MAX_VALUE + " but got '" + n + "'");
                    }
                }
                case "comment" -> comment = CheckRuleBinder.argument(line, ++i, what, w);
                case "ok-status" -> ok = status(line, CheckRuleBinder.argument(line, ++i, what, w), what + " ok-status",
                        List.of("L7OK", "L6OK", "L4OK"));
                case "error-status" -> error = status(line, CheckRuleBinder.argument(line, ++i, what, w), what + " error-status",
                        List.of("L7RSP", "L7STS", "L6RSP", "L4CON"));
                case "tout-status" -> timeout = status(line, CheckRuleBinder.argument(line, ++i, what, w), what + " tout-status",
                        List.of("L7TOUT", "L6TOUT", "L4TOUT"));
                case "on-success" -> onSuccess = CheckRuleBinder.literal(line, CheckRuleBinder.argument(line, ++i, what, w), what + " on-success");
                case "on-error" -> onError = CheckRuleBinder.literal(line, CheckRuleBinder.argument(line, ++i, what, w), what + " on-error");
                case "string-lf", "binary-lf" -> throw CheckRuleBinder.notYet(line, what + " " + w,
                        "log-format strings in checks are not implemented");
                case "hdr", "fhdr" -> throw CheckRuleBinder.notYet(line, what + " " + w, "header matching in HTTP checks is not "
                        + "implemented; match the status or the body instead");
                case "status-code" -> throw CheckRuleBinder.notYet(line, what + " status-code", "sample expressions in checks are "
                        + "not implemented");
                case "custom" -> throw new ConfigException(line.position(), "'" + what + " custom' is reserved for "
                        + "HAProxy's built-in protocol checks");
                default -> {
                    List<String> all = new ArrayList<>(patterns);
                    all.addAll(EXPECT_OPTIONS);
                    throw new ConfigException(line.position(), "'" + what + "' only supports min-recv, [!]"
                            + String.join(", [!]", patterns) + ", comment, ok-status, error-status, tout-status, "
                            + "on-success or on-error but got '" + w + "'" + Words.didYouMean(w, all));
                }
            }
        }
        if (kind == null) {
            throw new ConfigException(line.position(), "'" + what + "' expects a pattern: " + CheckRuleBinder.quoted(patterns));
        }
        ExpectReport report = new ExpectReport(ok, error, timeout, onSuccess, onError);
        String desc = "'" + what + " " + kind + "'";
        if (http) {
            return switch (kind) {
                case "status" -> new HttpExpectRule(HttpExpectRule.Match.STATUS, inverse, statusCodes(line, pattern,
                        what), null, null, minRecv, report, comment, line.position());
                case "rstatus" -> new HttpExpectRule(HttpExpectRule.Match.RSTATUS, inverse, List.of(), null,
                        regex(line, pattern, desc), minRecv, report, comment, line.position());
                case "string" -> new HttpExpectRule(HttpExpectRule.Match.STRING, inverse, List.of(), pattern, null,
                        minRecv, report, comment, line.position());
                default -> new HttpExpectRule(HttpExpectRule.Match.RSTRING, inverse, List.of(), null,
                        regex(line, pattern, desc), minRecv, report, comment, line.position());
            };
        }
        return switch (kind) {
            case "string" -> new ExpectRule(ExpectRule.Match.STRING, inverse,
                    pattern.getBytes(StandardCharsets.ISO_8859_1), null, minRecv, report, comment, line.position());
            case "binary" -> new ExpectRule(ExpectRule.Match.BINARY, inverse, CheckRuleBinder.hex(line, pattern, desc), null, minRecv,
                    report, comment, line.position());
            case "rstring" -> new ExpectRule(ExpectRule.Match.RSTRING, inverse, null, regex(line, pattern, desc),
                    minRecv, report, comment, line.position());
            default -> new ExpectRule(ExpectRule.Match.RBINARY, inverse, null, regex(line, pattern, desc), minRecv,
                    report, comment, line.position());
        };
    }

    /** HAProxy's list of status codes and ranges: "200", "200-399", "200,302-304". */
    static List<HttpExpectRule.StatusRange> statusCodes(ConfigLine line, String pattern, String what)
            throws ConfigException {
        List<HttpExpectRule.StatusRange> ranges = new ArrayList<>();
        for (String part : pattern.split(",", -1)) {
            String[] bounds = part.split("-", -1);
            if (bounds.length > 2 || part.isEmpty()) {
                throw new ConfigException(line.position(), "'" + what + "': invalid list of status codes '" + pattern
                        + "' (write codes and ranges such as 200 or 200-399, separated by commas)");
            }
            int low = code(line, bounds[0], pattern, what);
            int high = bounds.length == 2 ? code(line, bounds[1], pattern, what) : low;
            if (low > high) {
                throw new ConfigException(line.position(), "'" + what + "': invalid range of status codes '"
                        + pattern + "'");
            }
            ranges.add(new HttpExpectRule.StatusRange(low, high));
        }
        return ranges;
    }

    private static int code(ConfigLine line, String text, String pattern, String what) throws ConfigException {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                throw new ConfigException(line.position(), "'" + what + "': invalid character '" + text.charAt(i)
                        + "' in the list of status codes '" + pattern + "'");
            }
        }
        if (text.isEmpty() || text.length() > 3) {
            throw new ConfigException(line.position(), "'" + what + "': invalid status code '" + text + "' in '"
                    + pattern + "' (codes have three digits)");
        }
        return Integer.parseInt(text);
    }

    /** Compiled once, here: a bad pattern is a configuration error, not a failing check. */
    static Pattern regex(ConfigLine line, String pattern, String what) throws ConfigException {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(line.position(), what + ": regex '" + pattern + "' is invalid ("
                    + e.getDescription() + (e.getIndex() >= 0 ? " at offset " + e.getIndex() : "") + ")");
        }
    }

    private static String status(ConfigLine line, String value, String what, List<String> allowed)
            throws ConfigException {
        String upper = value.toUpperCase(Locale.ROOT);
        if (upper.equals("L7OKC")) {
            throw CheckRuleBinder.notYet(line, what + " L7OKC", "only 'http-check disable-on-404' gives a conditional "
                    + "pass (NOLB) in Bascule");
        }
        if (!allowed.contains(upper)) {
            throw new ConfigException(line.position(), "'" + what + "' only supports " + CheckRuleBinder.quoted(allowed)
                    + " but got '" + value + "'");
        }
        return upper;
    }
}
