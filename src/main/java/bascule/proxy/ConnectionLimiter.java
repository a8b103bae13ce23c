package bascule.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code maxconn} count (global, frontend or bind). It only counts; whether listeners accept is decided
 * by {@link ProxyRuntime#refreshAccepting()} from the current counts of all limiters, so a pause and a
 * resume racing on two event loops cannot leave a listener paused with room to spare.
 */
final class ConnectionLimiter {
    private final int limit;
    private final AtomicInteger current = new AtomicInteger();

    ConnectionLimiter(int limit) {
        this.limit = limit;
    }

    int current() {
        return current.get();
    }

    int limit() {
        return limit;
    }

    boolean hasRoom() {
        return limit <= 0 || current.get() < limit;
    }

    /** Counts one connection; returns false (and counts nothing) when the limit is reached. */
    boolean tryAcquire() {
        if (limit <= 0) {
            current.incrementAndGet();
            return true;
        }
        while (true) {
            int c = current.get();
            if (c >= limit) {
                return false;
            }
            if (current.compareAndSet(c, c + 1)) {
                return true;
            }
        }
    }

    /** Gives one back; returns true if the limiter was full before, so listeners may need resuming. */
    boolean release() {
        int before = current.getAndDecrement();
        return limit > 0 && before >= limit;
    }

    /** True when the next acquire would fail: listeners should stop accepting. */
    boolean isFull() {
        return limit > 0 && current.get() >= limit;
    }
}
