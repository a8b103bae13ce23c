package bascule.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HAProxy's sliding window average of the last {@link #WINDOW} samples (its {@code swrate}): each new sample
 * replaces one window's share of the sum, so old samples fade out without storing them. Before the window is
 * full it averages the samples seen so far. Also keeps the largest sample. One CAS per sample.
 */
public final class SlidingAverage {
    /** HAProxy's {@code TIME_STATS_SAMPLES}. */
    static final int WINDOW = 512;

    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicInteger max = new AtomicInteger();

    public void add(long value) {
        long count = samples.incrementAndGet();
        long v = Math.max(0, value);
        if (count <= WINDOW) {
            sum.addAndGet(v); // an exact sum until the window is full
        } else {
            while (true) {
                long s = sum.get();
                if (sum.compareAndSet(s, s - (s + WINDOW - 1) / WINDOW + v)) {
                    break;
                }
            }
        }
        int clipped = (int) Math.min(Integer.MAX_VALUE, v);
        if (clipped > max.get()) {
            max.accumulateAndGet(clipped, Math::max);
        }
    }

    /** The average of the window (0 before any sample). */
    public long average() {
        long n = Math.min(samples.get(), WINDOW);
        return n == 0 ? 0 : (sum.get() + n - 1) / n;
    }

    public int max() {
        return max.get();
    }

    public void clearMax() {
        max.set(0);
    }

    public void clear() {
        sum.set(0);
        samples.set(0);
        max.set(0);
    }
}
