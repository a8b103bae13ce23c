package bascule.stats;

import bascule.admin.Field;
import bascule.admin.StatFields;
import bascule.admin.StatRow;

/** Small text helpers of the HTML page: escaping, reading a row's column, numbers and durations as shown. */
final class Html {
    private Html() {
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The text of a row's column by its {@code show stat} name; "" where the column is empty. */
    static String cell(StatRow row, String column) {
        int pos = StatFields.position(column);
        Field f = pos < 0 ? null : row.field(pos);
        return f == null ? "" : f.value();
    }

    static long number(StatRow row, String column) {
        String v = cell(row, column);
        try {
            return v.isEmpty() ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * A count with its thousands marked for the eye: the last digit before each group of three gets a little
     * letter spacing (the {@code rls} class), so 1234567 reads as "1 234 567" without changing what is copied.
     */
    static String count(long n) {
        String s = Long.toString(n);
        StringBuilder b = new StringBuilder();
        int len = s.length();
        for (int i = 0; i < len; i++) {
            int fromEnd = len - i;
            if (fromEnd > 3 && fromEnd % 3 == 1) {
                b.append("<span class=\"rls\">").append(s.charAt(i)).append("</span>");
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    /** A column as a count, or "" when the column is empty. */
    static String countCell(StatRow row, String column) {
        String v = cell(row, column);
        return v.isEmpty() ? "" : count(number(row, column));
    }

    /** A limit: "-" when there is none (empty or 0). */
    static String limit(StatRow row, String column) {
        long v = number(row, column);
        return v <= 0 ? "-" : count(v);
    }

    /** Seconds as HAProxy's page shows them: the two largest non-zero units ("3s", "1m10s", "2h5m", "4d3h"). */
    static String duration(long seconds) {
        if (seconds < 0) {
            return "?";
        }
        long[] sizes = {86400, 3600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder b = new StringBuilder();
        int shown = 0;
        long t = seconds;
        for (int i = 0; i < sizes.length && shown < 2; i++) {
            long n = t / sizes[i];
            t %= sizes[i];
            if (n > 0 || (i == sizes.length - 1 && shown == 0)) {
                b.append(n).append(units[i]);
                shown++;
            } else if (shown > 0) {
                shown++; // a zero unit after a shown one still ends the pair, as "2h0m" reads oddly
            }
        }
        return b.toString();
    }
}
