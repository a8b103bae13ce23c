package bascule.config;

import bascule.model.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Evaluates the condition of a {@code .if} or {@code .elif} directive (HAProxy manual, section 2.4).
 *
 * <p>Grammar: {@code or := and ('||' and)*}, {@code and := unary ('&&' unary)*},
 * {@code unary := '!' unary | '(' or ')' | integer | predicate '(' args ')'}. An empty condition is false,
 * {@code 0} is false and any other integer is true. Predicates: {@code defined(VAR)},
 * {@code feature(X)} and {@code enabled(X)} (always false: Bascule reports no HAProxy build features),
 * {@code streq(a,b)}, {@code strneq(a,b)}, {@code strstr(haystack,needle)}, {@code version_atleast(v)} and
 * {@code version_before(v)}, which compare {@code v} against {@link ConfigParser#HAPROXY_VERSION}.
 * Predicate arguments are separated by commas and may be single- or double-quoted to hold commas or
 * parentheses; unquoted arguments are trimmed.
 */
final class ConditionExpression {
    private final String text;
    private final Position position;
    private final Function<String, String> env;
    private int pos;

    private ConditionExpression(String text, Position position, Function<String, String> env) {
        this.text = text;
        this.position = position;
        this.env = env;
    }

    static boolean evaluate(String text, Position position, Function<String, String> env) throws ConfigException {
        ConditionExpression expression = new ConditionExpression(text, position, env);
        expression.skipSpaces();
        if (expression.pos == text.length()) {
            return false;
        }
        boolean result = expression.or();
        expression.skipSpaces();
        if (expression.pos != text.length()) {
            throw expression.error("unexpected '" + text.substring(expression.pos) + "'");
        }
        return result;
    }

    private boolean or() throws ConfigException {
        boolean result = and();
        while (accept("||")) {
            result |= and();
        }
        return result;
    }

    private boolean and() throws ConfigException {
        boolean result = unary();
        while (accept("&&")) {
            result &= unary();
        }
        return result;
    }

    private boolean unary() throws ConfigException {
        if (accept("!")) {
            return !unary();
        }
        if (accept("(")) {
            boolean result = or();
            if (!accept(")")) {
                throw error("missing ')'");
            }
            return result;
        }
        skipSpaces();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String term = text.substring(start, pos);
        if (term.isEmpty()) {
            throw error(pos < text.length() ? "unexpected '" + text.substring(pos) + "'" : "missing operand at the end");
        }
        if (term.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return term.chars().anyMatch(c -> c != '0');
        }
        if (pos >= text.length() || text.charAt(pos) != '(') {
            throw error("'" + term + "' is neither an integer nor a predicate followed by '('");
        }
        pos++;
        return predicate(term, arguments());
    }

    private boolean predicate(String name, List<String> args) throws ConfigException {
        return switch (name) {
            case "defined" -> env.apply(arg(name, args, 1, 0)) != null;
            case "feature", "enabled" -> {
                arg(name, args, 1, 0); // checks the arity
                yield false;
            }
            case "streq" -> arg(name, args, 2, 0).equals(args.get(1));
            case "strneq" -> !arg(name, args, 2, 0).equals(args.get(1));
            case "strstr" -> arg(name, args, 2, 0).contains(args.get(1));
            case "version_atleast" -> compareToOurs(arg(name, args, 1, 0)) <= 0;
            case "version_before" -> compareToOurs(arg(name, args, 1, 0)) > 0;
            default -> throw error("unknown predicate '" + name + "' (known: defined, feature, enabled, streq, "
                    + "strneq, strstr, version_atleast, version_before)");
        };
    }

    private String arg(String predicate, List<String> args, int arity, int index) throws ConfigException {
        if (args.size() != arity) {
            throw error("'" + predicate + "' takes " + arity + " argument" + (arity == 1 ? "" : "s")
                    + " but got " + args.size());
        }
        return args.get(index);
    }

    /** Reads arguments after the opening parenthesis, through the closing one. */
    private List<String> arguments() throws ConfigException {
        List<String> args = new ArrayList<>();
        skipSpaces();
        if (accept(")")) {
            return args;
        }
        while (true) {
            skipSpaces();
            StringBuilder arg = new StringBuilder();
            if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
                char quote = text.charAt(pos);
                int close = text.indexOf(quote, pos + 1);
                if (close < 0) {
                    throw error("unterminated " + quote + " in a predicate argument");
                }
                arg.append(text, pos + 1, close);
                pos = close + 1;
                skipSpaces();
            } else {
                int start = pos;
                while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
                    pos++;
                }
                arg.append(text.substring(start, pos).strip());
            }
            args.add(arg.toString());
            if (pos >= text.length()) {
                throw error("missing ')' after the predicate arguments");
            }
            char c = text.charAt(pos++);
            if (c == ')') {
                return args;
            }
            if (c != ',') {
                throw error("expected ',' or ')' after a predicate argument but got '" + c + "'");
            }
        }
    }

    /** Negative when {@code version} is older than the emulated HAProxy version, 0 when equal. */
    private int compareToOurs(String version) throws ConfigException {
        long[] theirs = parseVersion(version);
        long[] ours = parseVersion(ConfigParser.HAPROXY_VERSION);
        for (int i = 0; i < theirs.length; i++) {
            if (theirs[i] != ours[i]) {
                return Long.compare(theirs[i], ours[i]);
            }
        }
        return 0;
    }

    /**
     * "2.4-dev19" becomes [2, 4, 0, 0, 0, 19]: four numeric components (missing ones are zero), then the
     * stage (dev 0, pre 1, rc 2, release 3) and its number, so that 2.4-dev19 sorts before 2.4.
     */
    private long[] parseVersion(String version) throws ConfigException {
        long[] result = new long[6];
        int dash = version.indexOf('-');
        String numbers = dash < 0 ? version : version.substring(0, dash);
        String stage = dash < 0 ? "" : version.substring(dash + 1);
        String[] parts = numbers.split("\\.", -1);
        if (parts.length > 4 || numbers.isEmpty()) {
            throw error("invalid version '" + version + "'");
        }
        try {
            for (int i = 0; i < parts.length; i++) {
                result[i] = Long.parseLong(parts[i]);
            }
            result[4] = 3;
            for (String[] kind : new String[][] {{"dev", "0"}, {"pre", "1"}, {"rc", "2"}}) {
                if (stage.startsWith(kind[0])) {
                    result[4] = Long.parseLong(kind[1]);
                    String n = stage.substring(kind[0].length());
                    result[5] = n.isEmpty() ? 0 : Long.parseLong(n);
                }
            }
        } catch (NumberFormatException e) {
            throw error("invalid version '" + version + "'");
        }
        return result;
    }

    private boolean accept(String token) {
        skipSpaces();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ConfigException error(String detail) {
        return new ConfigException(position, "in condition '" + text + "': " + detail);
    }
}
