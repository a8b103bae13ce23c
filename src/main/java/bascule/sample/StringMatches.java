package bascule.sample;

/** The string match methods of ACLs and maps, without regexes and without allocating. */
final class StringMatches {
    private StringMatches() {
    }

    static boolean matches(MatchMethod method, String s, String p, boolean ignoreCase) {
        return switch (method) {
            case STR -> ignoreCase ? s.equalsIgnoreCase(p) : s.equals(p);
            case BEG -> s.regionMatches(ignoreCase, 0, p, 0, p.length());
            case END -> s.length() >= p.length() && s.regionMatches(ignoreCase, s.length() - p.length(), p, 0, p.length());
            case SUB -> indexOf(s, p, 0, ignoreCase) >= 0;
            case DOM -> word(s, p, ignoreCase, true);
            case DIR -> word(s, p, ignoreCase, false);
            default -> throw new IllegalArgumentException(method.name());
        };
    }

    static int indexOf(String s, String p, int from, boolean ignoreCase) {
        if (!ignoreCase) {
            return s.indexOf(p, from);
        }
        for (int i = from, last = s.length() - p.length(); i <= last; i++) {
            if (s.regionMatches(true, i, p, 0, p.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDelimiter(char c, boolean domain) {
        return c == '/' || c == '?' || (domain && (c == '.' || c == ':'));
    }

    /**
     * {@code dom}/{@code dir}: the pattern, without its own leading and trailing delimiters, appears in
     * the sample between delimiters (or the ends): '/', '?' for paths, plus '.' and ':' for domains.
     */
    static boolean word(String s, String pattern, boolean ignoreCase, boolean domain) {
        int from = 0;
        int to = pattern.length();
        while (from < to && isDelimiter(pattern.charAt(from), domain)) {
            from++;
        }
        while (to > from && isDelimiter(pattern.charAt(to - 1), domain)) {
            to--;
        }
        int len = to - from;
        if (len == 0) {
            // A pattern made only of delimiters matches a sample that contains one.
            for (int i = 0; i < s.length(); i++) {
                if (isDelimiter(s.charAt(i), domain)) {
                    return pattern.length() > 0;
                }
            }
            return false;
        }
        for (int i = 0, last = s.length() - len; i <= last; i++) {
            if ((i == 0 || isDelimiter(s.charAt(i - 1), domain))
                    && (i + len == s.length() || isDelimiter(s.charAt(i + len), domain))
                    && s.regionMatches(ignoreCase, i, pattern, from, len)) {
                return true;
            }
        }
        return false;
    }
}
