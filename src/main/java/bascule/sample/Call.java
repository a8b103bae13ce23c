package bascule.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of a sample expression as written: a fetch or converter name with its arguments. {@link #parse}
 * splits {@code fetch(a,b),conv(c),conv2} into calls; arguments may be quoted ('...' or "...") and a
 * backslash protects the next character, so commas and parentheses can appear inside them.
 */
record Call(String name, List<String> args) {

    int argCount() {
        return args.size();
    }

    String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    static List<Call> parse(String text) throws SampleException {
        List<Call> calls = new ArrayList<>();
        int i = 0;
        int n = text.length();
        if (n == 0) {
            throw new SampleException("missing sample fetch");
        }
        while (true) {
            int start = i;
            while (i < n && text.charAt(i) != '(' && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(start, i).trim();
            if (name.isEmpty()) {
                throw new SampleException(calls.isEmpty() ? "missing sample fetch name in '" + text + "'"
                        : "missing converter name after ',' in '" + text + "'");
            }
            List<String> args = List.of();
            if (i < n && text.charAt(i) == '(') {
                args = new ArrayList<>();
                i = parseArgs(text, i + 1, name, args);
                args = List.copyOf(args);
            }
            calls.add(new Call(name, args));
            if (i >= n) {
                return calls;
            }
            if (text.charAt(i) != ',') {
                throw new SampleException("unexpected '" + text.substring(i) + "' after '" + name
                        + "(...)' in '" + text + "' (expected ',' and a converter)");
            }
            i++;
        }
    }

    /**
     * A backslash protects a quote, comma, parenthesis or backslash; before anything else it stays, so a
     * regex such as {@code \.} reaches the regex engine intact (as in HAProxy).
     */
    private static int escape(String text, int i, StringBuilder cur) {
        char next = text.charAt(i + 1);
        if ("\\'\",()".indexOf(next) >= 0) {
            cur.append(next);
        } else {
            cur.append('\\').append(next);
        }
        return i + 1;
    }

    /** Parses arguments from just after '(' up to the matching ')'; returns the index after ')'. */
    private static int parseArgs(String text, int i, String name, List<String> args) throws SampleException {
        int n = text.length();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        while (i < n) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < n) {
                    i = escape(text, i, cur);
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == '\\' && i + 1 < n) {
                i = escape(text, i, cur);
                any = true;
            } else if (c == ',') {
                args.add(cur.toString());
                cur.setLength(0);
                any = true;
            } else if (c == ')') {
                if (any || cur.length() > 0) {
                    args.add(cur.toString());
                }
                return i + 1;
            } else {
                cur.append(c);
            }
            i++;
        }
        throw new SampleException(quote != 0 ? "unterminated quote in arguments of '" + name + "'"
                : "missing ')' after the arguments of '" + name + "'");
    }
}
