package bascule.sample;

/** Scanning helpers shared by the compilers of format strings (header formats here, log formats elsewhere). */
public final class FormatText {
    private FormatText() {
    }

    /**
     * The index of the ']' that ends a {@code %[expr]} whose text starts at {@code from}, skipping quoted text and
     * bracket pairs inside arguments; -1 when there is none.
     */
    public static int closingBracket(String text, int from) {
        char quote = 0;
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }
}
