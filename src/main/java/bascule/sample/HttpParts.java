package bascule.sample;

import java.util.List;
import java.util.function.Predicate;

/**
 * Reads the parts of a request target, header field values and cookies the way HAProxy's HTTP fetches do:
 * index arithmetic on the strings as received, substrings only for the value returned.
 */
final class HttpParts {
    private HttpParts() {
    }

    /** Index where the path starts in a request target, or -1 when there is none ({@code *}). */
    static int pathStart(String uri) {
        if (uri.isEmpty()) {
            return -1;
        }
        if (uri.charAt(0) == '/') {
            return 0;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return -1;
        }
        for (int i = scheme + 3; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '?') {
                return i;
            }
        }
        return uri.length();
    }

    /** The path without the query, "" for an absolute URI without a path, null for {@code *}. */
    static String path(String uri) {
        int start = pathStart(uri);
        if (start < 0) {
            return null;
        }
        int q = uri.indexOf('?', start);
        return uri.substring(start, q < 0 ? uri.length() : q);
    }

    /** The path with its query string (origin form of the target). */
    static String pathWithQuery(String uri) {
        int start = pathStart(uri);
        return start < 0 ? null : uri.substring(start);
    }

    /** What follows the first '?', or null when there is no '?'. */
    static String query(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    /**
     * The first value of parameter {@code name}: the parameter list starts after the first {@code start}
     * character ('?' by default) and parameters are separated by '&', ';' or that character.
     */
    static String urlParam(String uri, String name, char start) {
        int i = uri.indexOf(start);
        if (i < 0) {
            return null;
        }
        i++;
        int n = uri.length();
        while (i <= n) {
            int end = i;
            while (end < n && !isParamDelimiter(uri.charAt(end), start)) {
                end++;
            }
            int nameEnd = i + name.length();
            if (nameEnd <= end && uri.startsWith(name, i) && (nameEnd == end || uri.charAt(nameEnd) == '=')) {
                return nameEnd == end ? "" : uri.substring(nameEnd + 1, end);
            }
            i = end + 1;
        }
        return null;
    }

    private static boolean isParamDelimiter(char c, char start) {
        return c == '&' || c == ';' || c == start;
    }

    /**
     * Calls {@code sink} with each comma-separated value of the given field lines (commas inside double
     * quotes do not split), trimmed of surrounding blanks, until it returns true; returns that.
     */
    static boolean forEachValue(List<String> lines, Predicate<String> sink) {
        for (int l = 0, size = lines.size(); l < size; l++) {
            String line = lines.get(l);
            int n = line.length();
            int start = 0;
            boolean quoted = false;
            for (int i = 0; i <= n; i++) {
                char c = i < n ? line.charAt(i) : ',';
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted) {
                    i++;
                } else if (c == ',' && (!quoted || i == n)) {
                    if (sink.test(trim(line, start, Math.min(i, n)))) {
                        return true;
                    }
                    start = i + 1;
                    quoted = false;
                }
            }
        }
        return false;
    }

    static int countValues(List<String> lines) {
        int[] count = {0};
        forEachValue(lines, v -> {
            count[0]++;
            return false;
        });
        return count[0];
    }

    /**
     * The occurrence {@code occ} of the values: 1 is the first, -1 the last, -2 the one before; 0 means the
     * last (HAProxy's default for the sample, ACLs iterate instead). Null when out of range.
     */
    static String valueAt(List<String> lines, int occ, boolean split) {
        if (!split) {
            int size = lines.size();
            int index = occ > 0 ? occ - 1 : size + (occ == 0 ? -1 : occ);
            return index >= 0 && index < size ? lines.get(index) : null;
        }
        if (occ > 0) {
            String[] found = new String[1];
            int[] seen = {0};
            forEachValue(lines, v -> {
                if (++seen[0] == occ) {
                    found[0] = v;
                    return true;
                }
                return false;
            });
            return found[0];
        }
        int total = countValues(lines);
        int wanted = total + (occ == 0 ? -1 : occ);
        return wanted < 0 ? null : valueAt(lines, wanted + 1, true);
    }

    private static String trim(String s, int start, int end) {
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Calls {@code sink} with the value of each cookie named {@code name} (any cookie when null) in the Cookie lines, in order,
     * until it returns true. Cookies are separated by ';' (and ',' as some clients send), name=value.
     */
    static boolean forEachCookie(List<String> lines, String name, Predicate<String> sink) {
        for (int l = 0, size = lines.size(); l < size; l++) {
            String line = lines.get(l);
            int n = line.length();
            int i = 0;
            while (i < n) {
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == ';'
                        || line.charAt(i) == ',')) {
                    i++;
                }
                int end = i;
                while (end < n && line.charAt(end) != ';' && line.charAt(end) != ',') {
                    end++;
                }
                int eq = line.indexOf('=', i);
                if (eq >= 0 && eq < end) {
                    int nameEnd = eq;
                    while (nameEnd > i && (line.charAt(nameEnd - 1) == ' ' || line.charAt(nameEnd - 1) == '\t')) {
                        nameEnd--;
                    }
                    if ((name == null || nameEnd - i == name.length() && line.startsWith(name, i))
                            && sink.test(trim(line, eq + 1, end))) {
                        return true;
                    }
                }
                i = end + 1;
            }
        }
        return false;
    }
}
