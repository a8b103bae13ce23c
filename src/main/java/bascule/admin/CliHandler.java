package bascule.admin;

import bascule.model.CliLevel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stats socket session, with HAProxy's line protocol: a command ends at a line feed or at a {@code ;}
 * that no backslash escapes (a trailing CR is dropped); each command's output is followed by an empty line.
 * By default the session is non-interactive: once every command already received has run, it closes (so
 * {@code echo "show stat" | socat stdio sock} gets one answer; pipelined commands sent at once all run).
 * {@code prompt} makes it interactive: "> " follows each answer and the session stays until {@code quit},
 * the client closes, or it is idle for the {@code stats timeout}. A command cut short by the client's close
 * is not run, and a line longer than HAProxy's buffer ends the session.
 */
final class CliHandler extends ChannelInboundHandlerAdapter implements CliSession {
    /** HAProxy's default {@code tune.bufsize}: no request line may be longer. */
    static final int MAX_LINE = 16384;

    private final Commands api;
    private final AtomicInteger open;
    private final StringBuilder input = new StringBuilder();
    private CliLevel level;
    private long timeoutMillis;
    private boolean interactive;
    private boolean quit;
    private boolean omitLineFeed;
    private boolean omitBlankLine;
    private boolean closing;
    private long lastInputNanos = System.nanoTime();
    private ScheduledFuture<?> idleTimer;
    private ChannelHandlerContext context;

    /** Runs one command for a session and returns its output (the prompt is added by the session). */
    @FunctionalInterface
    interface Commands {
        String execute(String command, CliSession session);
    }

    CliHandler(Commands api, CliLevel level, long timeoutMillis, AtomicInteger open) {
        this.api = api;
        this.level = level;
        this.timeoutMillis = timeoutMillis;
        this.open = open;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        open.incrementAndGet();
        context = ctx;
        armTimer(ctx, timeoutMillis);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf b && !closing) {
                input.append(b.toString(StandardCharsets.ISO_8859_1));
                lastInputNanos = System.nanoTime();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (!closing) {
            run(ctx, false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !closing) {
            run(ctx, true);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Runs every complete command received; {@code inputClosed} when the client will send nothing more. */
    private void run(ChannelHandlerContext ctx, boolean inputClosed) {
        StringBuilder out = new StringBuilder();
        boolean end = false;
        while (true) {
            int stop = commandEnd(input);
            if (stop < 0) {
                end = inputClosed || input.length() > MAX_LINE;
                break;
            }
            String command = input.substring(0, stop);
            input.delete(0, stop + 1);
            if (command.endsWith("\r")) {
                command = command.substring(0, command.length() - 1);
            }
            out.append(execute(command));
            if (quit) {
                end = true;
                break;
            }
            if (interactive) {
                out.append(omitBlankLine ? "> " : "\n> ");
            } else if (!omitLineFeed && !omitBlankLine) {
                out.append('\n');
            }
            omitLineFeed = false;
            omitBlankLine = false;
            if (!interactive && input.isEmpty()) {
                end = true;
                break;
            }
        }
        if (out.isEmpty() && !end) {
            return;
        }
        ByteBuf buf = out.isEmpty() ? Unpooled.EMPTY_BUFFER
                : Unpooled.wrappedBuffer(out.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (end) {
            closing = true;
            ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(buf);
        }
    }

    /** A command that fails unexpectedly answers as HAProxy does on an internal failure, and the session goes on. */
    private String execute(String command) {
        try {
            return api.execute(command, this);
        } catch (RuntimeException e) {
            return "Internal error.\n";
        }
    }

    /** Where the first command ends: the first line feed or unescaped semicolon, or -1. */
    static int commandEnd(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '\n' || c == ';') {
                return i;
            }
        }
        return -1;
    }

    private void armTimer(ChannelHandlerContext ctx, long delayMillis) {
        idleTimer = ctx.executor().schedule(() -> checkIdle(ctx), Math.max(1, delayMillis), TimeUnit.MILLISECONDS);
    }

    private void checkIdle(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastInputNanos);
        if (idle >= timeoutMillis) {
            ctx.close();
        } else {
            armTimer(ctx, timeoutMillis - idle);
        }
    }

    @Override
    public CliLevel level() {
        return level;
    }

    @Override
    public void setLevel(CliLevel newLevel) {
        level = newLevel;
    }

    @Override
    public void togglePrompt() {
        interactive = !interactive;
    }

    @Override
    public void quit() {
        quit = true;
    }

    @Override
    public void setTimeoutMillis(long millis) {
        timeoutMillis = millis;
        if (idleTimer != null && context != null) {
            idleTimer.cancel(false);
            armTimer(context, millis);
        }
    }

    @Override
    public void omitNextLineFeed() {
        omitLineFeed = true;
    }

    @Override
    public void omitBlankLine() {
        omitBlankLine = true;
    }

    @Override
    public int openSessions() {
        return open.get();
    }
}
