package bascule.check;

import bascule.check.AgentMessages.Result;
import bascule.model.AgentSpec;
import bascule.model.Algorithm;
import bascule.model.ProxySpec;
import bascule.model.ServerSpec;
import bascule.model.Timeouts;
import bascule.proxy.AdminState;
import bascule.proxy.Backend;
import bascule.proxy.Messages;
import bascule.proxy.Server;
import bascule.proxy.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The agent check of one server ({@code agent-check}): every {@code agent-inter} it connects to the agent,
 * sends {@code agent-send} if set, reads one line and applies it as HAProxy does, in HAProxy's order: the
 * admin word first ({@code ready}/{@code drain}/{@code maint}), then the weight ({@code 50%} of the
 * configured weight), then {@code maxconn:N}, then the health word ({@code up}, or {@code down}/
 * {@code stopped}/{@code fail}), which the server's {@link Server#isUsable()} combines with the health
 * check and the admin state. {@link AgentReply} reads the line.
 *
 * <p>Health changes are logged in HAProxy's words ({@link AgentMessages}); admin changes are logged by
 * {@link Server#setAdminState}, as for any other source.
 *
 * <p>As in HAProxy, an agent that cannot be reached, times out, closes without a full line or answers
 * garbage changes nothing: connectivity is the health check's job, and only the agent can undo what it
 * did. Such outcomes are only logged with {@code option log-health-checks} ("Agent check for server … failed")
 * and kept in {@link #last()}. The agent's rise and fall are both 1, so one {@code down} takes the server
 * out and one {@code up} brings it back (if its health check agrees and it is not in maintenance).
 *
 * <p>Time limits follow HAProxy: the whole check must fit in {@code agent-inter}; with {@code timeout check}
 * set, connecting may take min({@code agent-inter}, {@code timeout connect}) and reading the reply
 * {@code timeout check}. The reply is read up to its first CR/LF and at most {@link #MAX_REPLY} bytes
 * (HAProxy's buffer size). The next check is planned when the previous one ends.
 *
 * <p>Runs on one event loop, which owns the timer, the probe channel and the agent's health; other
 * threads only read the volatile {@link #last()}.
 */
final class AgentCheck extends PeriodicCheck {
    /** HAProxy's default {@code tune.bufsize}: a reply without a line end within it is incomplete. */
    static final int MAX_REPLY = 16384;

    private final Server server;
    private final Messages messages;
    private final Bootstrap bootstrap;
    private final InetSocketAddress target;
    private final long inter;
    private final long readTimeout;
    private final byte[] send;
    private final boolean dynamicWeights;
    private final boolean logChecks;
    private final String via;
    private volatile Result last;

    // Owned by the event loop (agentHealthy is also read when the agent is enabled from the CLI).
    private Channel probe;
    private volatile boolean agentHealthy = true;
    private CheckStatus lastStatus;

    AgentCheck(Server server, EventLoop loop, Transport transport, Messages messages) {
        super(loop);
        ServerSpec spec = server.spec();
        AgentSpec agent = spec.agent();
        ProxySpec backend = server.backend().spec();
        this.server = server;
        this.messages = messages;
        this.target = target(server);
        this.inter = agent.inter() > 0 ? agent.inter() : AgentSpec.DEFAULT_INTER_MILLIS;
        this.readTimeout = backend.timeouts().check();
        this.send = agent.send() == null ? null : bytes(agent.send());
        this.dynamicWeights = dynamicWeights(backend);
        this.logChecks = backend.logHealthChecks();
        this.via = via(server);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, connectTimeout(inter, backend.timeouts())))
                .option(ChannelOption.SO_LINGER, 0);
        this.last = new Result(CheckStatus.CHECKED, "", -1);
    }

    /**
     * Starts an agent checker for every server with {@code agent-check}, each on an event loop of
     * {@code group}. First checks are spread as HAProxy spreads them, counting the health checkers (whose
     * current intervals are {@code healthIntervals}) ahead of the agents, so agents fall between them.
     */
    static List<AgentCheck> startAll(Collection<Backend> backends, EventLoopGroup group, Transport transport,
                                     Messages messages, long[] healthIntervals) {
        List<AgentCheck> agents = new ArrayList<>();
        for (Backend backend : backends) {
            for (Server server : backend.servers()) {
                ServerSpec s = server.spec();
                // The binder refuses an agent without a port; a model built otherwise just has no agent.
                if (s.agent().enabled() && s.agent().portOr(s.checks().port()) > 0) {
                    agents.add(new AgentCheck(server, group.next(), transport, messages));
                }
            }
        }
        long[] intervals = new long[healthIntervals.length + agents.size()];
        System.arraycopy(healthIntervals, 0, intervals, 0, healthIntervals.length);
        for (int j = 0; j < agents.size(); j++) {
            intervals[healthIntervals.length + j] = agents.get(j).inter;
        }
        long[] delays = HealthChecks.firstDelays(intervals);
        for (int j = 0; j < agents.size(); j++) {
            agents.get(j).start(delays[healthIntervals.length + j]);
        }
        return List.copyOf(agents);
    }

    /** Where the agent listens: {@code agent-addr}, else {@code addr}, else the server; {@code agent-port}, else {@code port}. */
    static InetSocketAddress target(Server server) {
        ServerSpec spec = server.spec();
        String host = spec.agent().addrOr(spec.checks().addr());
        int port = spec.agent().portOr(spec.checks().port());
        return host == null ? new InetSocketAddress(server.address().getAddress(), port)
                : new InetSocketAddress(host, port); // resolved once, at build
    }

    /** See {@code ServerCheck.connectTimeout}: min(inter, timeout connect) only when {@code timeout check} is set. */
    static long connectTimeout(long inter, Timeouts timeouts) {
        if (timeouts.check() > 0 && timeouts.connect() > 0) {
            return Math.min(inter, timeouts.connect());
        }
        return inter;
    }

    /**
     * HAProxy lets agents change weights only on dynamic algorithms; static-rr and map-based hashing
     * ({@code balance source}, {@code uri}, ... without {@code hash-type consistent}) only take 0% and 100%.
     */
    static boolean dynamicWeights(ProxySpec backend) {
        Algorithm a = backend.balance().algorithm();
        if (a == Algorithm.STATIC_RR) {
            return false;
        }
        return !a.hashes() || backend.hashType() != null && backend.hashType().consistent();
    }

    /** Configuration text is ISO-8859-1, one char per byte, so this gives back the bytes that were written. */
    private static byte[] bytes(String text) {
        boolean latin1 = text.chars().allMatch(c -> c <= 0xff);
        return text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** "b/s" for a server that tracks another (HAProxy then says "… is DOWN via b/s"), else null. */
    private static String via(Server server) {
        String t = server.spec().track();
        if (t == null) {
            return null;
        }
        return t.indexOf('/') >= 0 ? t : server.backend().name() + "/" + t;
    }

    Server server() {
        return server;
    }

    /** The last outcome: status, HAProxy's description of it ("via agent : up", "agent reports an error : x"…). */
    Result last() {
        return last;
    }

    /**
     * A dynamic server's agent (HAProxy 2.6's {@code add server}) starts with no health at all, unlike a
     * configured one: the server keeps running while the agent says nothing, but once the agent is enabled it
     * only leaves maintenance when the agent has said {@code up} (or {@code set server … agent up}), as HAProxy
     * does when it re-evaluates a server leaving maintenance. Before {@link #start}.
     */
    void startWithoutHealth() {
        agentHealthy = false;
    }

    /**
     * Enabling the agent of a server in maintenance hands the agent's health to the server, so that leaving
     * maintenance finds it "DOWN (agent)" when the agent never said {@code up} (HAProxy checks the agent's health
     * then). For a configured server the two already agree.
     */
    @Override
    void setEnabled(boolean enabled) {
        super.setEnabled(enabled);
        if (enabled && !agentHealthy && server.adminState() == AdminState.MAINT) {
            server.setAgentUp(false);
        }
    }

    /** Runtime API {@code set server … agent up|down}: the agent's own health follows (on its loop). */
    void force(boolean up) {
        try {
            loop.execute(() -> agentHealthy = up);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** What the stats show of this agent: status, description, duration, health. */
    AgentSnapshot snapshot() {
        Result r = last;
        return new AgentSnapshot(isEnabled(), server.isAgentUp(), r.status().code(), r.status().description(),
                r.info(), r.durationMillis(), r.status().showsCode());
    }

    @Override
    long pausedInterval() {
        return inter;
    }

    @Override
    void abortProbe() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }

    @Override
    void runProbe() {
        Attempt attempt = new Attempt(System.nanoTime());
        ChannelFuture connect;
        try {
            connect = bootstrap.clone().handler(attempt).connect(target);
        } catch (RuntimeException e) {
            attempt.finish(null, new Result(CheckStatus.SOCKERR, info(e), attempt.elapsed()), null);
            return;
        }
        probe = connect.channel();
        connect.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                attempt.finish(f.channel(), failure(f.cause(), attempt.elapsed()), null);
            }
        });
    }

    private Result failure(Throwable cause, long duration) {
        if (cause instanceof ConnectTimeoutException) {
            return new Result(CheckStatus.L4TOUT, "", duration);
        }
        if (cause instanceof IOException) {
            return new Result(CheckStatus.L4CON, info(cause), duration);
        }
        return new Result(CheckStatus.SOCKERR, info(cause), duration);
    }

    private String info(Throwable cause) {
        return systemError(cause, target);
    }

    /** One check's end, on the loop: apply what the agent said (if anything), then plan the next check. */
    private void finished(Channel ch, Result outcome, AgentReply reply) {
        if (ch != null) {
            ch.close();
            if (probe == ch) {
                probe = null;
            }
        }
        if (isStopped()) {
            return;
        }
        if (reply != null) {
            apply(reply, outcome.durationMillis());
        } else if (outcome != null) {
            record(outcome);
        }
        schedule(inter);
    }

    private void apply(AgentReply reply, long duration) {
        if (!reply.complete()) {
            // HAProxy keeps the previous status and only says why nothing changed.
            last = new Result(last.status(), "Ignoring incomplete line from agent", duration);
            return;
        }
        if (reply.admin() != null) {
            server.setAdminState(reply.admin()); // the server logs admin transitions, whoever asks for them
        }
        String warning = null;
        if (reply.weight() != null) {
            AgentReply.WeightChange w = AgentReply.weightChange(reply.weight(), server.spec().weight(),
                    dynamicWeights);
            if (w.ok()) {
                server.setWeight(w.weight());
            } else {
                warning = w.error();
            }
        }
        if (reply.maxconn() != null) {
            AgentReply.MaxconnChange m = AgentReply.maxconnChange(reply.maxconn());
            if (m.ok()) {
                server.setMaxConnections(m.maxconn());
            } else if (warning == null) {
                warning = m.error();
            }
        }
        CheckStatus status = reply.health() == null ? CheckStatus.CHECKED
                : reply.health() == AgentReply.Health.UP ? CheckStatus.L7OK : CheckStatus.L7STS;
        Result result = new Result(status, reply.describe(warning), duration);
        record(result);
        if (status == CheckStatus.L7STS) {
            markDown(result);
        } else if (status == CheckStatus.L7OK) {
            markUp(result);
        }
    }

    /**
     * Counts the outcome in the agent's own health (rise and fall of 1; only {@code up} and {@code down}
     * count, never a failure to reach the agent) and logs it with {@code option log-health-checks} when
     * its status or the agent's health changed, as HAProxy's {@code set_server_check_status()} does.
     */
    private void record(Result result) {
        last = result;
        CheckStatus previous = lastStatus;
        lastStatus = result.status();
        if (result.status() == CheckStatus.CHECKED) {
            return; // no health word: neutral, never reported
        }
        boolean report = previous != result.status();
        if (result.status() == CheckStatus.L7STS && agentHealthy) {
            agentHealthy = false;
            report = true;
        } else if (result.status() == CheckStatus.L7OK && !agentHealthy) {
            agentHealthy = true;
            report = true;
        }
        if (report && logChecks) {
            messages.warning(AgentMessages.report(server.backend().name(), server.name(), server.isBackup(), result,
                    agentHealthy, server.configuredWeight()));
        }
    }

    /** HAProxy names the check as the cause unless it already logged it, or the server follows another. */
    private Result cause(Result result) {
        return logChecks || via != null ? null : result;
    }

    /** Says so before telling the backend, so the message precedes any "has no server available!" alert. */
    private void markDown(Result result) {
        boolean running = server.isHealthy() && server.isAgentUp() && server.adminState() != AdminState.MAINT;
        if (running) {
            int[] left = countsWithoutThis();
            messages.warning(AgentMessages.down(server.backend().name(), server.name(), server.isBackup(),
                    cause(result), via, left[0], left[1], server.currentConnections()));
        }
        server.setAgentUp(false);
    }

    /** Tells the backend first: a server coming up takes queued streams, and the message counts them. */
    private void markUp(Result result) {
        Backend backend = server.backend();
        int queuedBefore = backend.queued();
        boolean changed = server.setAgentUp(true);
        if (changed && server.isHealthy() && server.adminState() != AdminState.MAINT) {
            int requeued = Math.max(0, queuedBefore - backend.queued());
            int[] online = backend.usableCounts();
            messages.warning(AgentMessages.up(backend.name(), server.name(), server.isBackup(), cause(result), via,
                    online[0], online[1], requeued));
        }
    }

    /** Usable active and backup servers once this one stops taking traffic. */
    private int[] countsWithoutThis() {
        int[] counts = server.backend().usableCounts();
        if (server.isUsable()) {
            counts[server.isBackup() ? 1 : 0]--;
        }
        return counts;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** One connection to the agent: send, read one line (bounded in size and time), hand it over once. */
    private final class Attempt extends ChannelInboundHandlerAdapter {
        private final long startNanos;
        private byte[] received = new byte[128];
        private int length;
        private ScheduledFuture<?> deadline;
        private boolean done;

        Attempt(long startNanos) {
            this.startNanos = startNanos;
        }

        long elapsed() {
            return millisSince(startNanos);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // Reading gets timeout check when set, else what is left of agent-inter.
            long limit = readTimeout > 0 ? readTimeout : Math.max(1, inter - elapsed());
            deadline = ctx.executor().schedule(
                    () -> finish(ctx.channel(), new Result(CheckStatus.L7TOUT, "", elapsed()), null),
                    limit, TimeUnit.MILLISECONDS);
            if (send != null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(send)).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        finish(f.channel(), new Result(CheckStatus.SOCKERR, info(f.cause()), elapsed()), null);
                    }
                });
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (done || !(msg instanceof ByteBuf buf)) {
                    return;
                }
                int n = Math.min(buf.readableBytes(), MAX_REPLY - length);
                if (length + n > received.length) {
                    received = Arrays.copyOf(received, Math.min(MAX_REPLY,
                            Math.max(length + n, 2 * received.length)));
                }
                buf.readBytes(received, length, n);
                length += n;
            } finally {
                ReferenceCountUtil.release(msg);
            }
            AgentReply reply = AgentReply.parse(text());
            if (reply.complete() || length == MAX_REPLY) {
                finish(ctx.channel(), new Result(CheckStatus.CHECKED, "", elapsed()), reply);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (length == 0) {
                // HAProxy's step 2 is the agent's expect rule (1 is the implicit connect).
                finish(ctx.channel(), new Result(CheckStatus.L7RSP, "TCPCHK got an empty response at step 2", elapsed()),
                        null);
            } else {
                finish(ctx.channel(), new Result(CheckStatus.CHECKED, "", elapsed()), AgentReply.parse(text()));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (length == 0) {
                finish(ctx.channel(), new Result(CheckStatus.SOCKERR, info(cause), elapsed()), null);
            } else {
                // As HAProxy: an error after some data (often an RST right behind it) lets the data speak.
                finish(ctx.channel(), new Result(CheckStatus.CHECKED, "", elapsed()), AgentReply.parse(text()));
            }
        }

        private String text() {
            return new String(received, 0, length, StandardCharsets.ISO_8859_1);
        }

        void finish(Channel ch, Result outcome, AgentReply reply) {
            if (done) {
                return;
            }
            done = true;
            if (deadline != null) {
                deadline.cancel(false);
            }
            finished(ch, outcome, reply);
        }
    }
}
