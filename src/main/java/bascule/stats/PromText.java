package bascule.stats;

import java.util.Locale;

/**
 * Prometheus' text exposition format (version 0.0.4) as HAProxy writes it: a metric's {@code # HELP} and
 * {@code # TYPE} lines come just before its first sample and only if it has one (a metric with no object to
 * report, such as {@code check_status} without any checked server, does not appear at all); label values are
 * escaped; absent values are {@code NaN}; durations print with six decimals.
 */
final class PromText {
    private final StringBuilder out = new StringBuilder(32 * 1024);
    private String lastHeader;

    /** One sample line; {@code labels} are name/value pairs, in order. */
    void sample(String name, String type, String help, String value, String... labels) {
        if (!name.equals(lastHeader)) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            lastHeader = name;
        }
        writeSample(name, value, labels);
    }

    /**
     * A sample of a histogram ({@code _bucket}, {@code _sum}, {@code _count} after {@code family}): the header
     * names the family, once.
     */
    void histogramSample(String family, String help, String suffix, String value, String... labels) {
        if (!family.equals(lastHeader)) {
            out.append("# HELP ").append(family).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(family).append(" histogram\n");
            lastHeader = family;
        }
        writeSample(family + suffix, value, labels);
    }

    private void writeSample(String name, String value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"");
                escape(labels[i + 1]);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    /** Backslash, double quote and line feed are the three characters a label value must escape. */
    private void escape(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** Milliseconds as seconds, the way HAProxy prints its durations: {@code 0.012000}. */
    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%f", millis / 1000.0);
    }

    /** A double in Prometheus' notation: plain decimal digits (no exponent), {@code +Inf} for infinity. */
    static String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    String text() {
        return out.toString();
    }
}
