package bascule.check;

import bascule.model.ServerSpec;
import bascule.model.Timeouts;
import bascule.proxy.AdminState;
import bascule.proxy.Backend;
import bascule.proxy.Messages;
import bascule.proxy.Server;
import bascule.proxy.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The plain TCP check of one server: connect, and if that works close at once without sending anything.
 * Runs on one event loop, which owns the counter, the timer and the probe channel; other threads only see
 * the volatile {@link #snapshot()} and the {@code stopped} flag.
 *
 * <p>Probes close with SO_LINGER 0 (a reset, as HAProxy's pure TCP checks do) so frequent checks leave no
 * TIME_WAIT sockets behind on the proxy. The next check is planned when the previous one ends, so a slow
 * server is never probed by two checks at once.
 */
final class ServerCheck {
    /** strerror texts worth reporting as they are, whatever the JDK or Netty wrapped around them. */
    private static final List<String> KNOWN_ERRORS = List.of("Connection refused", "Connection reset by peer",
            "No route to host", "Network is unreachable", "Host is down", "Connection timed out",
            "Cannot assign requested address", "Permission denied", "Too many open files");

    private static final ChannelHandler IGNORE_ALL = new IgnoreAll();

    private final Server server;
    private final EventLoop loop;
    private final Messages messages;
    private final Bootstrap bootstrap;
    private final CheckState state;
    private final long inter;
    private final long fastinter;
    private final long downinter;
    private volatile boolean stopped;
    private volatile CheckSnapshot snapshot;

    // Owned by the event loop.
    private ScheduledFuture<?> timer;
    private Channel probe;
    private long failedChecks;
    private long downTransitions;

    ServerCheck(Server server, EventLoop loop, Transport transport, Messages messages) {
        ServerSpec spec = server.spec();
        this.server = server;
        this.loop = loop;
        this.messages = messages;
        this.inter = spec.inter();
        this.fastinter = spec.fastinter();
        this.downinter = spec.downinter();
        this.state = new CheckState(spec.rise(), spec.fall());
        long connectTimeout = connectTimeout(inter, server.backend().spec().timeouts());
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout))
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.AUTO_READ, false)
                .handler(IGNORE_ALL);
        this.snapshot = CheckSnapshot.of(state, CheckResult.NONE, 0, 0);
    }

    /**
     * How long a probe may take to connect. HAProxy allows {@code inter}; when {@code timeout check} is set
     * (so {@code inter} is no longer the whole check's budget) it uses min({@code inter}, {@code timeout connect}).
     */
    static long connectTimeout(long inter, Timeouts timeouts) {
        if (timeouts.check() > 0 && timeouts.connect() > 0) {
            return Math.min(inter, timeouts.connect());
        }
        return inter;
    }

    Server server() {
        return server;
    }

    CheckSnapshot snapshot() {
        return snapshot;
    }

    /** The interval the counter asks for now; before the first check, used to spread start times. */
    long currentInterval() {
        return state.nextInterval(inter, fastinter, downinter);
    }

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

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }

    private void schedule(long delayMillis) {
        if (!stopped) {
            timer = loop.schedule(this::probe, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        timer = null;
        if (stopped) {
            return;
        }
        long start = System.nanoTime();
        ChannelFuture connect;
        try {
            connect = bootstrap.connect(server.address());
        } catch (RuntimeException e) {
            finish(new CheckResult(CheckStatus.SOCKERR, info(e), millisSince(start)));
            return;
        }
        probe = connect.channel();
        connect.addListener((ChannelFutureListener) f -> {
            Channel ch = f.channel();
            if (probe == ch) {
                probe = null;
            }
            ch.close();
            finish(f.isSuccess() ? new CheckResult(CheckStatus.L4OK, "", millisSince(start))
                    : failure(f.cause(), millisSince(start)));
        });
    }

    private CheckResult failure(Throwable cause, long duration) {
        if (cause instanceof ConnectTimeoutException) {
            return new CheckResult(CheckStatus.L4TOUT, "", duration);
        }
        if (cause instanceof IOException) {
            return new CheckResult(CheckStatus.L4CON, info(cause), duration);
        }
        return new CheckResult(CheckStatus.SOCKERR, info(cause), duration);
    }

    /** The bare system error text, without Netty's "connect(..) failed: " or the appended address. */
    private String info(Throwable cause) {
        String m = cause == null ? null : cause.getMessage();
        if (m == null) {
            return "";
        }
        for (String known : KNOWN_ERRORS) {
            if (m.contains(known)) {
                return known;
            }
        }
        String suffix = ": " + server.address();
        if (m.endsWith(suffix)) {
            m = m.substring(0, m.length() - suffix.length());
        }
        int failed = m.indexOf("failed: ");
        return failed >= 0 ? m.substring(failed + "failed: ".length()) : m;
    }

    private void finish(CheckResult result) {
        if (stopped) {
            return;
        }
        if (!result.passed() && state.health() > 0) {
            failedChecks++;
        }
        CheckState.Transition t = state.record(result.passed());
        if (t == CheckState.Transition.WENT_DOWN) {
            downTransitions++;
            markDown(result);
        } else if (t == CheckState.Transition.WENT_UP) {
            markUp(result);
        }
        snapshot = CheckSnapshot.of(state, result, failedChecks, downTransitions);
        schedule(state.nextInterval(inter, fastinter, downinter));
    }

    /** Says so before telling the backend, so the message precedes any "has no server available!" alert. */
    private void markDown(CheckResult result) {
        Backend backend = server.backend();
        int[] left = backend.usableCounts();
        if (server.isUsable()) {
            left[server.isBackup() ? 1 : 0]--;
        }
        if (server.isHealthy() && server.adminState() != AdminState.MAINT) {
            messages.warning(StateChangeMessages.down(backend.name(), server.name(), server.isBackup(), result,
                    left[0], left[1], server.currentConnections(), 0, 0));
        }
        server.setHealthy(false);
    }

    /** Tells the backend first: a server coming up takes queued streams, and the message counts them. */
    private void markUp(CheckResult result) {
        Backend backend = server.backend();
        int queuedBefore = backend.queued();
        boolean changed = server.setHealthy(true);
        int requeued = Math.max(0, queuedBefore - backend.queued());
        int[] online = backend.usableCounts();
        if (changed && server.adminState() != AdminState.MAINT) {
            messages.warning(StateChangeMessages.up(backend.name(), server.name(), server.isBackup(), result,
                    online[0], online[1], requeued, 0));
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Probes never read, and their errors are reported through the connect future, not the pipeline. */
    @ChannelHandler.Sharable
    private static final class IgnoreAll extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
