package bascule.check;

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
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One run of a {@link CheckScript} against one server, on one event loop, following HAProxy's
 * {@code tcpcheck_main()}: steps run in order; a send discards what was read before it; an expect reads
 * (only then: auto-read is off, so a server's bytes wait in the kernel until a step wants them) and is
 * evaluated again each time more arrives, until it decides, the server closes, or the check times out.
 *
 * <p>Time limits, as HAProxy's: a connect may take {@code connectBudget}; once connected, the rest of the check
 * gets {@code timeout check} when it is set, and otherwise what is left of the connect budget ({@code inter}
 * then bounds the whole check). The connection is closed with a reset at the end, unless its connect step
 * asked to {@code linger}.
 *
 * <p>Not thread-safe: everything runs on the loop that owns the check. {@code done} is called exactly once,
 * unless the probe is {@link #abort aborted}.
 */
final class ScriptProbe {
    /** HAProxy's {@code tune.bufsize}: a check reads at most this much before judging what it has. */
    static final int BUFFER_SIZE = 16384;

    private final CheckScript script;
    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final long connectBudget;
    private final long checkTimeout;
    private final Function<Throwable, String> errorText;
    private final Consumer<CheckResult> done;
    private final long startNanos = System.nanoTime();

    private Channel channel;
    private boolean connecting;
    private boolean linger;
    private int pc;
    /** HAProxy's {@code current_step}: named by failure messages, and the last one decides a passed check. */
    private ScriptStep current;
    private byte[] in = new byte[0];
    private int size;
    /** Bytes read since the current expect last looked. */
    private int fresh;
    private boolean endOfStream;
    private String ioError;
    private boolean mustRead = true;
    private boolean headRequest;
    private boolean waitingForData;
    private ScheduledFuture<?> timer;
    private boolean finished;

    ScriptProbe(CheckScript script, Bootstrap bootstrap, EventLoop loop, long connectBudget, long checkTimeout,
                Function<Throwable, String> errorText, Consumer<CheckResult> done) {
        this.script = script;
        this.bootstrap = bootstrap;
        this.loop = loop;
        this.connectBudget = connectBudget;
        this.checkTimeout = checkTimeout;
        this.errorText = errorText;
        this.done = done;
    }

    void start() {
        run();
    }

    /** Stops without a result: closes the connection and cancels the timer. */
    void abort() {
        finished = true;
        cancelTimer();
        closeChannel();
    }

    private void run() {
        while (!finished) {
            if (pc >= script.steps().size()) {
                succeed();
                return;
            }
            ScriptStep step = script.steps().get(pc);
            switch (step) {
                case ScriptStep.Connect c -> {
                    current = c;
                    connect(c);
                    return; // resumes when connected
                }
                case ScriptStep.Send s -> {
                    current = s;
                    if (!send(s)) {
                        return; // resumes when written
                    }
                    pc++;
                }
                case ExpectStep e -> {
                    current = e;
                    if (!expect(e)) {
                        return;
                    }
                }
            }
        }
    }

    private void connect(ScriptStep.Connect c) {
        closeChannel();
        size = 0;
        fresh = 0;
        endOfStream = false;
        ioError = null;
        mustRead = true;
        connecting = true;
        linger = c.linger();
        schedule(connectBudget);
        ChannelFuture f;
        try {
            f = bootstrap.clone().handler(new Reader()).connect(c.address());
        } catch (RuntimeException e) {
            fail(CheckStatus.SOCKERR, errorText.apply(e) + suffix(), 0);
            return;
        }
        channel = f.channel();
        f.addListener((ChannelFutureListener) done -> {
            if (finished || done.channel() != channel) {
                return;
            }
            if (!done.isSuccess()) {
                Throwable cause = done.cause();
                if (cause instanceof ConnectTimeoutException) {
                    fail(CheckStatus.L4TOUT, suffix(), 0);
                } else if (cause instanceof IOException) {
                    fail(CheckStatus.L4CON, errorText.apply(cause) + suffix(), 0);
                } else {
                    fail(CheckStatus.SOCKERR, errorText.apply(cause) + suffix(), 0);
                }
                return;
            }
            if (c.sendProxy()) {
                // HAProxy counts the connection as established once the PROXY line is out.
                channel.writeAndFlush(Unpooled.wrappedBuffer(proxyLine(channel))).addListener(
                        (ChannelFutureListener) w -> {
                            if (!finished && w.channel() == channel) {
                                if (w.isSuccess()) {
                                    established();
                                } else {
                                    fail(CheckStatus.SOCKERR, errorText.apply(w.cause()) + suffix(), 0);
                                }
                            }
                        });
            } else {
                established();
            }
        });
    }

    private void established() {
        connecting = false;
        if (checkTimeout > 0) {
            schedule(checkTimeout);
        }
        pc++;
        run();
    }

    /** Writes the step's bytes; true if that is already done, false if {@link #run} resumes later. */
    private boolean send(ScriptStep.Send s) {
        size = 0; // HAProxy releases the input buffer at each send
        fresh = 0;
        mustRead = true;
        headRequest = s.headRequest();
        ChannelFuture f = channel.writeAndFlush(Unpooled.wrappedBuffer(s.data()));
        if (f.isDone()) {
            if (!f.isSuccess()) {
                fail(CheckStatus.SOCKERR, errorText.apply(f.cause()) + suffix(), 0);
                return false;
            }
            return true;
        }
        f.addListener((ChannelFutureListener) w -> {
            if (finished || w.channel() != channel) {
                return;
            }
            if (!w.isSuccess()) {
                fail(CheckStatus.SOCKERR, errorText.apply(w.cause()) + suffix(), 0);
            } else {
                pc++;
                run();
            }
        });
        return false;
    }

    /** Evaluates the expect at {@link #pc}; true to go on with the next step, false to stop or wait. */
    private boolean expect(ExpectStep e) {
        if (mustRead) {
            if (fresh == 0 && !endOfStream && ioError == null && size < BUFFER_SIZE) {
                waitForData();
                return false;
            }
            if (size == 0) {
                if (ioError != null) {
                    fail(CheckStatus.SOCKERR, ioError + suffix(), 0);
                } else {
                    fail(e.errorStatus() != null ? e.errorStatus() : CheckStatus.L7RSP, emptyResponse(e), 0);
                }
                return false;
            }
            mustRead = false;
            fresh = 0;
        }
        boolean lastRead = endOfStream || ioError != null || size >= BUFFER_SIZE;
        ExpectStep.Verdict v = e.evaluate(new ExpectStep.Input(in, size, lastRead, headRequest));
        switch (v.kind()) {
            case CONTINUE -> pc++;
            case WAIT -> {
                pc = script.head(pc);
                current = script.steps().get(pc);
                mustRead = true;
                waitForData();
                return false;
            }
            case FAIL -> {
                fail(v.status(), v.info(), v.code());
                return false;
            }
            case PASS -> {
                finish(new CheckResult(v.status(), v.info(), millis(), v.code()));
                return false;
            }
        }
        return true;
    }

    /** HTTP checks report a response that never came as a bare "Layer7 invalid response", as HAProxy does. */
    private String emptyResponse(ExpectStep e) {
        if (script.flavor() == CheckScript.Flavor.HTTP) {
            return "";
        }
        return "TCPCHK got an empty response at step " + e.id()
                + (e.comment() != null ? " comment: '" + e.comment() + "'" : "");
    }

    private void succeed() {
        CheckResult result;
        if (current instanceof ExpectStep e) {
            ExpectStep.Verdict v = e.success(new ExpectStep.Input(in, size, true, headRequest));
            result = new CheckResult(v.status(), v.info(), millis(), v.code());
        } else if (current instanceof ScriptStep.Connect c) {
            result = new CheckResult(CheckStatus.L4OK, c.implicit() ? "" : "(tcp-check)", millis());
        } else {
            result = new CheckResult(CheckStatus.L7OK, "(tcp-check)", millis());
        }
        finish(result);
    }

    private void timedOut() {
        timer = null;
        if (finished) {
            return;
        }
        if (connecting) {
            fail(CheckStatus.L4TOUT, suffix(), 0);
            return;
        }
        CheckStatus status = current instanceof ExpectStep e && e.timeoutStatus() != null ? e.timeoutStatus()
                : CheckStatus.L7TOUT;
        fail(status, suffix(), 0);
    }

    /**
     * What a {@code tcp-check} failure says about where it happened, after the system error if any:
     * " at step 2 of tcp-check (expect string 'OK') comment: 'why'". Other checks say nothing.
     */
    private String suffix() {
        if (script.flavor() != CheckScript.Flavor.TCP_CHECK || current == null) {
            return "";
        }
        if (current.id() == 0) {
            return " at initial connection step of tcp-check";
        }
        return " at step " + current.id() + " of tcp-check" + current.describe()
                + (current.comment() != null ? " comment: '" + current.comment() + "'" : "");
    }

    private void fail(CheckStatus status, String info, int code) {
        finish(new CheckResult(status, info, millis(), code));
    }

    private void finish(CheckResult result) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimer();
        closeChannel();
        done.accept(result);
    }

    private void waitForData() {
        waitingForData = true;
        channel.read();
    }

    private void resume() {
        if (waitingForData && !finished) {
            waitingForData = false;
            run();
        }
    }

    private void schedule(long millis) {
        cancelTimer();
        timer = loop.schedule(this::timedOut, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void closeChannel() {
        Channel ch = channel;
        channel = null;
        waitingForData = false;
        if (ch != null) {
            if (linger && ch.isOpen()) {
                ch.config().setOption(ChannelOption.SO_LINGER, -1); // a FIN, not the reset set at connect
            }
            ch.close();
        }
    }

    private long millis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private void append(ByteBuf b) {
        int n = Math.min(b.readableBytes(), BUFFER_SIZE - size);
        if (size + n > in.length) {
            in = Arrays.copyOf(in, Math.min(BUFFER_SIZE, Math.max(size + n, Math.max(1024, in.length * 2))));
        }
        b.readBytes(in, size, n);
        size += n;
        fresh += n;
    }

    /** "PROXY TCP4 src dst sport dport\r\n" for the check's own connection, as {@code check-send-proxy} sends. */
    static byte[] proxyLine(Channel ch) {
        InetSocketAddress local = (InetSocketAddress) ch.localAddress();
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        String family = remote.getAddress() instanceof Inet6Address ? "TCP6" : "TCP4";
        return ("PROXY " + family + " " + local.getAddress().getHostAddress() + " "
                + remote.getAddress().getHostAddress() + " " + local.getPort() + " " + remote.getPort() + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Collects what the server sends on the current connection and wakes the script when it waits for it. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (ctx.channel() == channel && !finished && msg instanceof ByteBuf b) {
                    append(b);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                resume();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && ctx.channel() == channel) {
                endOfStream = true;
                resume();
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                endOfStream = true;
                resume();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == channel && ioError == null) {
                ioError = errorText.apply(cause);
                resume();
            }
            ctx.close();
        }
    }
}
