package bascule.proxy;

/**
 * When an object (server or backend) last changed state, how long it was down in total, and how many times
 * it went down: the stats' {@code lastchg}, {@code downtime} and {@code chkdown}. State changes are rare,
 * so this is synchronized; readers of the hot path never touch it.
 */
public final class StateHistory {
    private long lastChangeNanos = System.nanoTime();
    private long downSinceNanos;
    private long downNanos;
    private long downTransitions;
    private boolean up;

    public StateHistory(boolean up) {
        this.up = up;
        this.downSinceNanos = up ? 0 : lastChangeNanos;
    }

    /** Records the current state; a change of up/down moves the clocks. Returns true if it changed. */
    public synchronized boolean set(boolean nowUp) {
        if (nowUp == up) {
            return false;
        }
        long now = System.nanoTime();
        lastChangeNanos = now;
        if (nowUp) {
            downNanos += now - downSinceNanos;
            downSinceNanos = 0;
        } else {
            downSinceNanos = now;
            downTransitions++;
        }
        up = nowUp;
        return true;
    }

    /** A change that is not an up/down transition (drain, weight) still restarts {@code lastchg}. */
    public synchronized void touch() {
        lastChangeNanos = System.nanoTime();
    }

    public synchronized long secondsSinceChange() {
        return (System.nanoTime() - lastChangeNanos) / 1_000_000_000L;
    }

    /** Total time spent down, including the current down period. */
    public synchronized long downSeconds() {
        long total = downNanos + (up ? 0 : System.nanoTime() - downSinceNanos);
        return total / 1_000_000_000L;
    }

    public synchronized long downTransitions() {
        return downTransitions;
    }

    public synchronized boolean isUp() {
        return up;
    }

    /** {@code clear counters all}: forgets the down time and transitions, keeps the state. */
    public synchronized void clear() {
        downNanos = 0;
        downTransitions = 0;
        if (!up) {
            downSinceNanos = System.nanoTime();
        }
    }
}
