package bascule.config;

import java.util.Collection;
import java.util.Locale;

/** Small typed readers for keyword arguments: numbers, HAProxy time units, and "did you mean" hints. */
final class Words {
    private Words() {
    }

    /**
     * Parses an HAProxy time value: a non-negative integer with an optional unit
     * ({@code us}, {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}); no unit means milliseconds.
     * Returns milliseconds (microseconds round up to 1 ms when non-zero).
     */
    static long time(ConfigLine line, int index, String what) throws ConfigException {
        String w = line.word(index);
        if (w == null) {
            throw new ConfigException(line.position(), "'" + what + "' expects a time value (e.g. 5s, 300ms)");
        }
        int i = 0;
        while (i < w.length() && Character.isDigit(w.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new ConfigException(line.position(),
                    "'" + what + "' expects a time value such as 5s or 300ms but got '" + w + "'");
        }
        long n;
        try {
            n = Long.parseLong(w.substring(0, i));
        } catch (NumberFormatException e) {
            throw new ConfigException(line.position(), "'" + what + "': time value '" + w + "' is too large");
        }
        String unit = w.substring(i).toLowerCase(Locale.ROOT);
        long ms = switch (unit) {
            case "", "ms" -> n;
            case "us" -> n == 0 ? 0 : Math.max(1, n / 1000);
            case "s" -> n * 1000L;
            case "m" -> n * 60_000L;
            case "h" -> n * 3_600_000L;
            case "d" -> n * 86_400_000L;
            default -> throw new ConfigException(line.position(), "'" + what + "': unknown time unit '" + unit
                    + "' in '" + w + "' (use us, ms, s, m, h or d)");
        };
        if (ms > Integer.MAX_VALUE) {
            throw new ConfigException(line.position(), "'" + what + "': time value '" + w
                    + "' is too large (at most 2147483647 ms, about 24.8 days)");
        }
        return ms;
    }

    static int integer(ConfigLine line, int index, String what, int min, int max) throws ConfigException {
        String w = line.word(index);
        if (w == null) {
            throw new ConfigException(line.position(), "'" + what + "' expects an integer argument");
        }
        try {
            long v = Long.parseLong(w);
            if (v < min || v > max) {
                throw new ConfigException(line.position(),
                        "'" + what + "' expects a value between " + min + " and " + max + " but got '" + w + "'");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new ConfigException(line.position(), "'" + what + "' expects an integer but got '" + w + "'");
        }
    }

    static String required(ConfigLine line, int index, String what) throws ConfigException {
        String w = line.word(index);
        if (w == null || w.isEmpty()) {
            throw new ConfigException(line.position(), "'" + line.keyword() + "' expects " + what);
        }
        return w;
    }

    static void noMoreThan(ConfigLine line, int words) throws ConfigException {
        if (line.size() > words) {
            throw new ConfigException(line.position(), "'" + String.join(" ", line.words().subList(0, words))
                    + "' takes no further argument but got '" + line.word(words) + "'");
        }
    }

    /** " (did you mean 'x'?)" for the closest candidate within a small edit distance, else "". */
    static String didYouMean(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
