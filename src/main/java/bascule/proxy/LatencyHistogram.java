package bascule.proxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * How long the streams of a backend lived, counted into fixed buckets so that a scraper can compute
 * quantiles over any window (what HAProxy's {@code ttime}, an average over the last 1024 streams, cannot
 * give). Each stream adds to one bucket, the sum and nothing else, through {@link LongAdder}s: event loops
 * never contend on a lock or a shared cache line. Readers add up the buckets into Prometheus' cumulative
 * form; a snapshot taken while streams end may be off by those streams, never inconsistent within itself
 * (its count is the sum of its buckets).
 */
public final class LatencyHistogram {
    /**
     * Upper bounds of the buckets in seconds, from half a millisecond (a proxied request on a LAN) to a
     * minute (long polls, TCP sessions); anything longer lands in the implicit {@code +Inf} bucket.
     */
    private static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
            2.5, 5, 10, 30, 60};
    private static final long[] BOUND_NANOS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) {
            BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    /** One per bound, plus the last for {@code +Inf}; not cumulative. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** What a scraper reads: cumulative counts per bound ({@code +Inf} last), the sum in seconds, the count. */
    public record Snapshot(double[] bounds, long[] cumulative, double sumSeconds) {
        /** The number of streams recorded: that of the {@code +Inf} bucket, as Prometheus requires. */
        public long count() {
            return cumulative[cumulative.length - 1];
        }
    }

    /** The upper bounds in seconds, in increasing order, without {@code +Inf}. */
    public static double[] bounds() {
        return BOUNDS.clone();
    }

    /** Records one stream that lived {@code nanos} (negative values, from a clock oddity, count as 0). */
    public void recordNanos(long nanos) {
        long n = Math.max(0, nanos);
        buckets[bucketOf(n)].increment();
        sumNanos.add(n);
    }

    /** The index of the first bound at or above {@code nanos} (bounds are inclusive, as Prometheus' {@code le}). */
    static int bucketOf(long nanos) {
        int lo = 0;
        int hi = BOUND_NANOS.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (BOUND_NANOS[mid] < nanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(BOUNDS.clone(), cumulative, sumNanos.sum() / 1e9);
    }

    /** {@code clear counters all}. */
    public void clear() {
        for (LongAdder b : buckets) {
            b.reset();
        }
        sumNanos.reset();
    }
}
