package bascule.check;

import bascule.model.ServerSpec;
import bascule.model.Timeouts;
import bascule.proxy.AdminState;
import bascule.proxy.Backend;
import bascule.proxy.Messages;
import bascule.proxy.Server;
import bascule.proxy.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.util.concurrent.RejectedExecutionException;

/**
 * The health check of one server: runs its backend's probe (a plain connect, a {@code tcp-check} or
 * {@code http-check} script, or a protocol check; see {@link CheckScripts}) every interval, feeds the
 * rise/fall counter and turns state changes into {@code Server.setHealthy} calls and HAProxy-worded messages.
 * Runs on one event loop, which owns the counter, the timer and the probe; other threads only see the
 * volatile {@link #snapshot()} and the {@code stopped} flag.
 *
 * <p>Probes close with SO_LINGER 0 (a reset, as HAProxy's checks do unless told to {@code linger}) so
 * frequent checks leave no TIME_WAIT sockets behind on the proxy. The next check is planned when the previous
 * one ends, so a slow server is never probed by two checks at once.
 *
 * <p>With {@code option log-health-checks}, every result that changes the status or the health counter is
 * logged ("Health check for server b/s failed, reason: ..., status: 2/3 UP."), and the DOWN/UP messages then
 * leave the reason out, as HAProxy's do.
 */
final class ServerCheck extends PeriodicCheck {
    /** strerror texts worth reporting as they are, whatever the JDK or Netty wrapped around them. */
    private final Server server;
    private final Messages messages;
    private final Bootstrap bootstrap;
    private final CheckState state;
    private final CheckScript script;
    private final boolean logHealthChecks;
    private final long connectTimeout;
    private final long checkTimeout;
    private final long inter;
    private final long fastinter;
    private final long downinter;
    private volatile CheckSnapshot snapshot;

    // Owned by the event loop.
    private ScriptProbe probe;
    private CheckStatus lastStatus = CheckStatus.INI;
    private long failedChecks;
    private long downTransitions;

    ServerCheck(Server server, EventLoop loop, Transport transport, Messages messages) {
        super(loop);
        ServerSpec spec = server.spec();
        this.server = server;
        this.messages = messages;
        this.inter = spec.inter();
        this.fastinter = spec.fastinter();
        this.downinter = spec.downinter();
        this.state = new CheckState(spec.rise(), spec.fall());
        this.script = CheckScripts.compile(server.backend().spec().healthCheck(), server);
        this.logHealthChecks = server.backend().spec().logHealthChecks();
        this.connectTimeout = connectTimeout(inter, server.backend().spec().timeouts());
        this.checkTimeout = server.backend().spec().timeouts().check();
        // Each probe reads only when a step expects data; half-closure lets a step see the server's FIN.
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout))
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true);
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

    /**
     * Runtime API {@code set server … health up|down}: the counter jumps to fully UP or DOWN (on the
     * check's event loop); the caller changes the server itself.
     */
    void force(boolean up) {
        try {
            loop.execute(() -> {
                CheckState.Transition t = state.force(up);
                if (t == CheckState.Transition.WENT_DOWN) {
                    downTransitions++;
                }
                CheckSnapshot before = snapshot;
                snapshot = CheckSnapshot.of(state, before.last(), before.failedChecks(), downTransitions);
            });
        } catch (RejectedExecutionException e) {
            // stopping: nothing left to keep consistent
        }
    }

    @Override
    long pausedInterval() {
        return inter;
    }

    @Override
    void abortProbe() {
        if (probe != null) {
            probe.abort();
            probe = null;
        }
    }

    @Override
    void runProbe() {
        ScriptProbe p = new ScriptProbe(script, bootstrap, loop, connectTimeout, checkTimeout, this::info,
                result -> {
                    probe = null;
                    finish(result);
                });
        probe = p;
        p.start();
    }

    private String info(Throwable cause) {
        return systemError(cause, server.address(), server.checkAddress());
    }

    private void finish(CheckResult result) {
        if (isStopped()) {
            return;
        }
        if (!result.passed() && state.health() > 0) {
            failedChecks++;
        }
        int healthBefore = state.health();
        CheckState.Transition t = state.record(result.passed());
        if (logHealthChecks && (result.status() != lastStatus || state.health() != healthBefore)) {
            messages.warning(StateChangeMessages.checkResult(server.backend().name(), server.name(),
                    server.isBackup(), result, state.health(), state.rise(), state.fall(),
                    server.configuredWeight() == 0));
        }
        lastStatus = result.status();
        if (t == CheckState.Transition.WENT_DOWN) {
            downTransitions++;
            markDown(result);
        } else if (state.isUp() && result.status() == CheckStatus.L7OKC) {
            markStopping(result);
        } else if (t == CheckState.Transition.WENT_UP || state.isUp() && result.passed() && server.isStopping()) {
            markUp(result); // a passed check also ends NOLB (the server answers 2xx/3xx again)
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
            String message = StateChangeMessages.down(backend.name(), server.name(), server.isBackup(),
                    logHealthChecks ? null : result, left[0], left[1], server.currentConnections(), 0, 0);
            if (server.isStopping() || server.adminState() == AdminState.DRAIN) {
                messages.warningLoggedAsNotice(message); // HAProxy raises no alert for a server already going away
            } else {
                messages.warning(message);
            }
        }
        server.setHealthy(false);
    }

    /**
     * A conditional pass ({@code disable-on-404}) on a server that is UP puts it in NOLB, as HAProxy's
     * {@code check_notify_stopping}: not in maintenance, and only while the agent (if any) agrees it is up.
     */
    private void markStopping(CheckResult result) {
        if (server.adminState() == AdminState.MAINT || !server.isAgentUp() || !server.setStopping()) {
            return;
        }
        int[] online = server.backend().usableCounts();
        messages.warning(StateChangeMessages.stopping(server.backend().name(), server.name(), server.isBackup(),
                logHealthChecks ? null : result, online[0], online[1]));
    }

    /** Tells the backend first: a server coming up takes queued streams, and the message counts them. */
    private void markUp(CheckResult result) {
        Backend backend = server.backend();
        int queuedBefore = backend.queued();
        boolean changed = server.setHealthy(true);
        int requeued = Math.max(0, queuedBefore - backend.queued());
        int[] online = backend.usableCounts();
        if (changed && server.adminState() != AdminState.MAINT) {
            messages.warning(StateChangeMessages.up(backend.name(), server.name(), server.isBackup(),
                    logHealthChecks ? null : result, online[0], online[1], requeued, 0));
        }
    }
}
