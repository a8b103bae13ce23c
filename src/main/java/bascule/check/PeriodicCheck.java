package bascule.check;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a health checker and an agent checker share: one event loop owning a timer, start/stop from any
 * thread, a pause switch for the runtime API ({@code disable health|agent}), and the way a socket error is
 * reported (the bare system text, as HAProxy prints it).
 */
abstract class PeriodicCheck {
    /** strerror texts worth reporting as they are, whatever the JDK or Netty wrapped around them. */
    private static final List<String> KNOWN_ERRORS = List.of("Connection refused", "Connection reset by peer",
            "No route to host", "Network is unreachable", "Host is down", "Connection timed out",
            "Cannot assign requested address", "Permission denied", "Too many open files", "Broken pipe");

    protected final EventLoop loop;
    private volatile boolean stopped;
    private volatile boolean paused;
    // Owned by the event loop.
    private ScheduledFuture<?> timer;

    PeriodicCheck(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs one probe now; it calls {@link #schedule} for the next one when it ends. On the loop. */
    abstract void runProbe();

    /** Closes the probe in flight, if any. On the loop. */
    abstract void abortProbe();

    /** How long to wait before looking again while paused. */
    abstract long pausedInterval();

    void start(long delayMillis) {
        loop.execute(() -> schedule(delayMillis));
    }

    /** Cancels the timer and any probe in flight; safe from any thread, and more than once. */
    void stop() {
        stopped = true;
        try {
            loop.execute(this::cancel);
        } catch (RejectedExecutionException e) {
            // The loop is gone, and its timers and channels with it.
        }
    }

    boolean isStopped() {
        return stopped;
    }

    /** Runtime API {@code enable/disable health|agent}. A re-enabled check probes within one interval. */
    void setEnabled(boolean enabled) {
        paused = !enabled;
    }

    boolean isEnabled() {
        return !paused;
    }

    final void schedule(long delayMillis) {
        if (!stopped) {
            timer = loop.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        timer = null;
        if (stopped) {
            return;
        }
        if (paused) {
            schedule(pausedInterval());
            return;
        }
        runProbe();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        abortProbe();
    }

    /**
     * The bare system error text, without Netty's "connect(..) failed: " or an appended address
     * (any of {@code addresses}).
     */
    static String systemError(Throwable cause, Object... addresses) {
        String m = cause == null ? null : cause.getMessage();
        if (m == null) {
            return "";
        }
        for (String known : KNOWN_ERRORS) {
            if (m.contains(known)) {
                return known;
            }
        }
        for (Object a : addresses) {
            String suffix = ": " + a;
            if (m.endsWith(suffix)) {
                m = m.substring(0, m.length() - suffix.length());
            }
        }
        int failed = m.indexOf("failed: ");
        return failed >= 0 ? m.substring(failed + "failed: ".length()) : m;
    }
}
