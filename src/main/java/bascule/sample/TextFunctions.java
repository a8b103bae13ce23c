package bascule.sample;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The string-shaping converters: field, word, regsub, json, url_dec. */
final class TextFunctions {
    private TextFunctions() {
    }

    private static boolean isDelimiter(String delims, char c) {
        return delims.indexOf(c) >= 0;
    }

    /**
     * field(index,delims,count): fields are what separate delimiters, empty ones included; index counts from
     * 1 (negative from the end); count fields are returned with their separators, 0 meaning to the end.
     */
    static String field(String s, int index, String delims, int count) {
        int n = s.length();
        if (index > 0) {
            int start = 0;
            int field = 1;
            for (int i = 0; i < n && field < index; i++) {
                if (isDelimiter(delims, s.charAt(i))) {
                    field++;
                    start = i + 1;
                }
            }
            if (field < index) {
                return null;
            }
            int end = start;
            int taken = 1;
            while (end < n) {
                if (isDelimiter(delims, s.charAt(end))) {
                    if (count != 0 && taken == count) {
                        break;
                    }
                    taken++;
                }
                end++;
            }
            return s.substring(start, end);
        }
        int end = n;
        int field = -1;
        for (int i = n - 1; i >= 0 && field > index; i--) {
            if (isDelimiter(delims, s.charAt(i))) {
                field--;
                end = i;
            }
        }
        if (field > index) {
            return null;
        }
        int start = end;
        int taken = 1;
        while (start > 0) {
            if (isDelimiter(delims, s.charAt(start - 1))) {
                if (count != 0 && taken == count) {
                    break;
                }
                taken++;
            }
            start--;
        }
        return s.substring(start, end);
    }

    /**
     * word(index,delims,count): like field but runs of delimiters count as one separator and leading or
     * trailing delimiters start no word.
     */
    static String word(String s, int index, String delims, int count) {
        int n = s.length();
        int words = 0;
        // Positions of the words, found on demand from the requested end.
        if (index > 0) {
            int i = 0;
            int start = -1;
            while (i < n) {
                while (i < n && isDelimiter(delims, s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                words++;
                if (words == index) {
                    start = i;
                }
                while (i < n && !isDelimiter(delims, s.charAt(i))) {
                    i++;
                }
                if (start >= 0 && (count != 0 && words - index + 1 == count)) {
                    return s.substring(start, i);
                }
            }
            if (start < 0) {
                return null;
            }
            int end = n;
            while (end > start && isDelimiter(delims, s.charAt(end - 1))) {
                end--;
            }
            return s.substring(start, end);
        }
        int i = n;
        int end = -1;
        while (i > 0) {
            while (i > 0 && isDelimiter(delims, s.charAt(i - 1))) {
                i--;
            }
            if (i <= 0) {
                break;
            }
            words++;
            if (words == -index) {
                end = i;
            }
            while (i > 0 && !isDelimiter(delims, s.charAt(i - 1))) {
                i--;
            }
            if (end >= 0 && count != 0 && words + index + 1 == count) {
                return s.substring(i, end);
            }
        }
        if (end < 0) {
            return null;
        }
        int start = 0;
        while (start < end && isDelimiter(delims, s.charAt(start))) {
            start++;
        }
        return s.substring(start, end);
    }

    /** A compiled regsub: the regex, the substitution split into literal text and group references. */
    record Regsub(Pattern regex, List<Object> parts, boolean global) {
        String apply(String s) {
            Matcher m = regex.matcher(s);
            if (!m.find()) {
                return s;
            }
            StringBuilder out = new StringBuilder(s.length() + 16);
            int last = 0;
            do {
                out.append(s, last, m.start());
                for (Object p : parts) {
                    if (p instanceof Integer g) {
                        if (g <= m.groupCount() && m.group(g) != null) {
                            out.append(m.group(g));
                        }
                    } else {
                        out.append((String) p);
                    }
                }
                last = m.end();
                if (m.end() == m.start()) {
                    if (last < s.length()) {
                        out.append(s.charAt(last));
                    }
                    last++;
                    if (last > s.length() || !global) {
                        break;
                    }
                    if (!m.find(last)) {
                        break;
                    }
                    continue;
                }
            } while (global && m.find());
            if (last < s.length()) {
                out.append(s, last, s.length());
            }
            return out.toString();
        }
    }

    /** Splits "a\1b" into ["a", 1, "b"]: a backslash and a digit refer to a group. */
    static List<Object> substitution(String subst) {
        List<Object> parts = new java.util.ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < subst.length(); i++) {
            char c = subst.charAt(i);
            if (c == '\\' && i + 1 < subst.length() && Character.isDigit(subst.charAt(i + 1))) {
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(subst.charAt(++i) - '0');
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return List.copyOf(parts);
    }

    /**
     * JSON string escaping. Characters of the string are the bytes received; in "ascii" mode every byte
     * of 0x80 and above is escaped on its own, in "utf8" modes bytes are decoded as UTF-8 first (invalid
     * sequences fail, or are skipped with "utf8s").
     */
    static String json(String s, boolean utf8, boolean skipInvalid) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            int c = s.charAt(i) & 0xff;
            if (c >= 0x80 && utf8) {
                int extra = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
                int cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0f : c & 0x1f;
                boolean valid = extra > 0 && i + extra < n;
                for (int k = 1; valid && k <= extra; k++) {
                    int b = s.charAt(i + k) & 0xff;
                    valid = (b & 0xc0) == 0x80;
                    cp = (cp << 6) | (b & 0x3f);
                }
                if (!valid) {
                    if (!skipInvalid) {
                        return null;
                    }
                    continue;
                }
                i += extra;
                for (char ch : Character.toChars(cp)) {
                    hex4(out, ch);
                }
                continue;
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        hex4(out, (char) c);
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void hex4(StringBuilder out, char c) {
        out.append("\\u");
        String h = Integer.toHexString(c);
        for (int k = h.length(); k < 4; k++) {
            out.append('0');
        }
        out.append(h);
    }

    /** %XX decoding; '+' becomes a space in a form (or after '?'); a broken escape fails. */
    static String urlDecode(String s, boolean form) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean inQuery = form;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.append((char) ((hi << 4) | lo));
                i += 2;
            } else if (c == '+' && inQuery) {
                out.append(' ');
            } else {
                if (c == '?') {
                    inQuery = true;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
