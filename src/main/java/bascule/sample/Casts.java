package bascule.sample;

import java.nio.charset.StandardCharsets;

/** Casts between sample types as HAProxy's converters apply them to their input. */
final class Casts {
    private Casts() {
    }

    /**
     * To an integer: booleans are 0/1; strings are read as HAProxy reads them, an optional sign and the
     * leading digits, so "12ab" is 12 and "x" is 0. Addresses do not convert.
     */
    static Sample toInteger(Sample s) {
        return switch (s.type()) {
            case SINT -> s;
            case BOOL -> Sample.integer((Boolean) s.value() ? 1 : 0);
            case STR, BIN -> Sample.integer(parseLeadingLong(Samples.asString(s)));
            case IPV4 -> {
                byte[] a = (byte[]) s.value();
                yield Sample.integer(((a[0] & 0xffL) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff));
            }
            case IPV6 -> null;
        };
    }

    static long parseLeadingLong(String s) {
        int i = 0;
        int n = s.length();
        boolean negative = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return negative ? -v : v;
    }

    static Sample toBool(Sample s) {
        return switch (s.type()) {
            case BOOL -> s;
            case SINT -> Sample.bool((Long) s.value() != 0);
            case STR, BIN -> Sample.bool(parseLeadingLong(Samples.asString(s)) != 0);
            case IPV4, IPV6 -> null;
        };
    }

    /** To an IPv4/IPv6 address; strings must be literal addresses (no DNS). */
    static Sample toIp(Sample s) {
        return switch (s.type()) {
            case IPV4, IPV6 -> s;
            case SINT -> {
                long v = (Long) s.value();
                yield Sample.ip(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
            }
            case STR, BIN -> {
                byte[] a = IpAddresses.parse(Samples.asString(s).trim());
                yield a == null ? null : Sample.ip(a);
            }
            case BOOL -> null;
        };
    }

    static byte[] toBytes(Sample s) {
        return s.type() == Sample.Type.BIN ? (byte[]) s.value()
                : Samples.asString(s).getBytes(StandardCharsets.ISO_8859_1);
    }
}
