package bascule.sample;

/** Integer ACL patterns: {@code N}, {@code N:M}, {@code :M} and {@code N:}, as closed ranges. */
final class IntRanges {
    private IntRanges() {
    }

    /** {low, high}; throws with the pattern named when it is not an integer or range. */
    static long[] parse(String p) throws SampleException {
        try {
            int colon = p.indexOf(':');
            if (colon < 0) {
                long v = Long.parseLong(p);
                return new long[] {v, v};
            }
            String lo = p.substring(0, colon);
            String hi = p.substring(colon + 1);
            long low = lo.isEmpty() ? Long.MIN_VALUE : Long.parseLong(lo);
            long high = hi.isEmpty() ? Long.MAX_VALUE : Long.parseLong(hi);
            if (lo.isEmpty() && hi.isEmpty()) {
                throw new NumberFormatException();
            }
            return new long[] {low, high};
        } catch (NumberFormatException e) {
            throw new SampleException("'" + p + "' is not an integer or a range such as 1024:65535");
        }
    }
}
