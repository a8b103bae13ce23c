package bascule.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second over a sliding second, as HAProxy's frequency counters compute them: the count of
 * the current calendar second plus the previous second's count weighted by the part of it still inside
 * the sliding window. Also keeps the largest per-second count seen ({@code rate_max}). Lock-free: one
 * CAS per event; a reader racing a second boundary may see the previous count a moment late.
 */
public final class EventRate {
    /** The current second (high 32 bits) and its count (low 32 bits). */
    private final AtomicLong current = new AtomicLong();
    private volatile int previous;
    private final AtomicInteger max = new AtomicInteger();

    /** Counts one event now. */
    public void increment() {
        increment(System.currentTimeMillis());
    }

    void increment(long nowMillis) {
        long second = nowMillis / 1000;
        while (true) {
            long cur = current.get();
            long curSecond = cur >>> 32;
            int count = (int) cur;
            if (curSecond == second) {
                if (current.compareAndSet(cur, cur + 1)) {
                    raiseMax(count + 1);
                    return;
                }
            } else if (current.compareAndSet(cur, (second << 32) | 1)) {
                previous = curSecond == second - 1 ? count : 0;
                raiseMax(1);
                return;
            }
        }
    }

    private void raiseMax(int value) {
        if (value > max.get()) {
            max.accumulateAndGet(value, Math::max);
        }
    }

    /** Events over the last second (sliding). */
    public int perSecond() {
        return perSecond(System.currentTimeMillis());
    }

    int perSecond(long nowMillis) {
        long second = nowMillis / 1000;
        long cur = current.get();
        long curSecond = cur >>> 32;
        int count = (int) cur;
        int curr;
        int past;
        if (curSecond == second) {
            curr = count;
            past = previous;
        } else if (curSecond == second - 1) {
            curr = 0;
            past = count;
        } else {
            return 0;
        }
        long left = 1000 - nowMillis % 1000;
        return (int) (curr + past * left / 1000);
    }

    /** The most events counted in one second. */
    public int max() {
        return max.get();
    }

    /** Forgets the maximum ({@code clear counters}). */
    public void clearMax() {
        max.set(0);
    }
}
