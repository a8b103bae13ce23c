package bascule.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code maxconn} count (global, frontend or bind). It only counts; whether listeners accept is decided
 * by {@link ProxyRuntime#refreshAccepting()} from the current counts of all limiters, so a pause and a
 * resume racing on two event loops cannot leave a listener paused with room to spare.
 */
final class ConnectionLimiter {
    private volatile int limit;
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

    /** A new limit (runtime API); 0 = none. Connections above it stay, new ones wait. */
    void setLimit(int newLimit) {
        limit = newLimit;
    }

    boolean hasRoom() {
        int l = limit;
        return l <= 0 || current.get() < l;
    }

    /** Counts one connection; returns false (and counts nothing) when the limit is reached. */
    boolean tryAcquire() {
        int l = limit;
        if (l <= 0) {
            current.incrementAndGet();
            return true;
        }
        while (true) {
            int c = current.get();
            if (c >= l) {
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
        int l = limit;
        return l > 0 && before >= l;
    }

    /** True when the next acquire would fail: listeners should stop accepting. */
    boolean isFull() {
        int l = limit;
        return l > 0 && current.get() >= l;
    }
}
