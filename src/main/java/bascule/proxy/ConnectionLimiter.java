package bascule.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code maxconn} limit (global, frontend or bind). Holders that exceed it are parked, not refused:
 * HAProxy leaves excess connections in the kernel's backlog, and Bascule equally stops its listeners from
 * accepting and holds the few already-accepted ones until a slot frees.
 */
final class ConnectionLimiter {
    private final int limit;
    private final AtomicInteger current = new AtomicInteger();
    private final List<Runnable> onFull = new ArrayList<>();
    private final List<Runnable> onAvailable = new ArrayList<>();

    ConnectionLimiter(int limit) {
        this.limit = limit;
    }

    /** Registers listener pause/resume actions; called while building, before traffic. */
    void onStateChange(Runnable full, Runnable available) {
        onFull.add(full);
        onAvailable.add(available);
    }

    int current() {
        return current.get();
    }

    int limit() {
        return limit;
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
                onFull.forEach(Runnable::run);
                return false;
            }
            if (current.compareAndSet(c, c + 1)) {
                if (c + 1 >= limit) {
                    onFull.forEach(Runnable::run);
                }
                return true;
            }
        }
    }

    void release() {
        int c = current.decrementAndGet();
        if (limit > 0 && c == limit - 1) {
            onAvailable.forEach(Runnable::run);
        }
    }
}
