package bascule.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The traffic counters a frontend, a backend and a server share in the stats: sessions in total
 * ({@code stot}), the most at once ({@code smax}), bytes each way ({@code bin}/{@code bout}), the session
 * rate ({@code rate}/{@code rate_max}) and when the last session started ({@code lastsess}). Updated from every
 * event loop with adders and CAS only.
 */
public final class Traffic {
    private final LongAdder sessions = new LongAdder();
    private final AtomicInteger maxCurrent = new AtomicInteger();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final EventRate rate = new EventRate();
    private volatile long lastSessionNanos;

    /** A session started; {@code current} is the number of sessions now, this one included. */
    void sessionStarted(int current) {
        sessions.increment();
        rate.increment();
        lastSessionNanos = Math.max(1, System.nanoTime());
        raiseMax(current);
    }

    void raiseMax(int current) {
        if (current > maxCurrent.get()) {
            maxCurrent.accumulateAndGet(current, Math::max);
        }
    }

    /** Bytes relayed: {@code fromClient} toward the server ({@code bin}), else toward the client ({@code bout}). */
    public void bytes(boolean fromClient, long n) {
        (fromClient ? bytesIn : bytesOut).add(n);
    }

    public long sessions() {
        return sessions.sum();
    }

    public int maxCurrent() {
        return maxCurrent.get();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public EventRate rate() {
        return rate;
    }

    /** Seconds since the last session started, -1 if none ever did. */
    public long secondsSinceLastSession() {
        long t = lastSessionNanos;
        return t == 0 ? -1 : (System.nanoTime() - t) / 1_000_000_000L;
    }

    /** {@code clear counters}: maxima only. */
    void clearMax() {
        maxCurrent.set(0);
        rate.clearMax();
    }

    /** {@code clear counters all}. */
    void clearAll() {
        clearMax();
        sessions.reset();
        bytesIn.reset();
        bytesOut.reset();
        lastSessionNanos = 0;
    }
}
