package bascule.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles log-format strings used in header values and redirects: literal text, {@code %%} and
 * {@code %[expr]} with an optional {@code %{+Q}} flag that quotes the value. Log variables such as
 * {@code %ci} belong to the logging work and are refused here for now.
 */
final class FormatCompiler {
    private FormatCompiler() {
    }

    private record Part(String literal, CompiledExpr expr, boolean quote) {
    }

    private record Compiled(Part[] parts, String constant) implements Format {
        @Override
        public String render(SampleContext ctx) {
            if (constant != null) {
                return constant;
            }
            StringBuilder b = new StringBuilder(64);
            for (Part p : parts) {
                if (p.literal != null) {
                    b.append(p.literal);
                    continue;
                }
                String v = p.expr.evaluateString(ctx);
                if (p.quote) {
                    b.append('"').append(v == null ? "" : v).append('"');
                } else if (v != null) {
                    b.append(v);
                }
            }
            return b.toString();
        }

        @Override
        public boolean isConstant() {
            return constant != null;
        }
    }

    static Format compile(String text, Resources resources) throws SampleException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                throw new SampleException("'%' at the end of format '" + text + "' (write '%%' for a percent sign)");
            }
            char next = text.charAt(i + 1);
            if (next == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            int j = i + 1;
            boolean quote = false;
            if (next == '{') {
                int close = text.indexOf('}', j);
                if (close < 0) {
                    throw new SampleException("missing '}' after '%{' in format '" + text + "'");
                }
                for (String flag : text.substring(j + 1, close).split(",")) {
                    switch (flag) {
                        case "+Q" -> quote = true;
                        case "-Q", "" -> quote = false;
                        default -> throw new SampleException("log-format flag '" + flag + "' is not supported here yet (only +Q)");
                    }
                }
                j = close + 1;
            }
            if (j < n && text.charAt(j) == '[') {
                int end = FormatText.closingBracket(text, j + 1);
                if (end < 0) {
                    throw new SampleException("missing ']' after '%[' in format '" + text + "'");
                }
                String inner = text.substring(j + 1, end).trim();
                if (inner.isEmpty()) {
                    throw new SampleException("empty sample expression '%[]' in format '" + text + "'");
                }
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), null, false));
                    literal.setLength(0);
                }
                parts.add(new Part(null, CompiledExpr.compile(inner, resources), quote));
                i = end + 1;
                continue;
            }
            int k = j;
            while (k < n && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) {
                k++;
            }
            String variable = text.substring(i, Math.max(k, Math.min(j + 1, n)));
            throw new SampleException("log-format variable '" + variable + "' is not supported here yet");
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), null, false));
        }
        boolean constant = parts.stream().allMatch(p -> p.literal != null);
        String value = constant ? String.join("", parts.stream().map(Part::literal).toList()) : null;
        return new Compiled(parts.toArray(new Part[0]), value);
    }
}
