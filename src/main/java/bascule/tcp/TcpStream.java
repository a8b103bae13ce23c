package bascule.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One established L4 stream: a client channel and a server channel on the same event loop, relayed both
 * ways by two {@link TcpRelayHandler}s. Owns the idle timers and the half-close bookkeeping, so each
 * direction's handler stays small. All methods run on the stream's event loop.
 */
public final class TcpStream {
    /**
     * Bytes a direction relays by copy before it switches to splice. Like HAProxy's splice-auto, short
     * exchanges stay in user space, where a pair of kernel pipes would cost more than it saves; bulk
     * transfers move to the kernel.
     */
    static final long SPLICE_AFTER_BYTES = 64 * 1024;

    /**
     * Idle limits in milliseconds (0 = none), already resolved from the proxy's timeouts, and whether the
     * bytes may move by splice(2) when both channels are native epoll sockets.
     */
    public record Limits(long clientIdle, long serverIdle, long clientFin, long serverFin, boolean splice) {
    }

    private final Channel client;
    private final Channel server;
    private final Limits limits;
    private final java.util.function.Consumer<TcpStream> onClose;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> timer;
    private boolean clientSpliced;
    private boolean serverSpliced;
    private boolean clientInputDone;
    private boolean serverInputDone;
    private boolean closed;
    private long bytesIn;
    private long bytesOut;

    public TcpStream(Channel client, Channel server, Limits limits, java.util.function.Consumer<TcpStream> onClose) {
        this.client = client;
        this.server = server;
        this.limits = limits;
        this.onClose = onClose;
    }

    /** Installs the relay on both channels and starts reading. */
    public void start() {
        EarlyInputHandler early = client.pipeline().get(EarlyInputHandler.class);
        boolean earlyShutdown = false;
        if (early != null) {
            bytesIn += early.drainTo(server);
            server.flush();
            earlyShutdown = early.inputShutdown();
            client.pipeline().remove(early);
        }
        client.pipeline().addLast("relay", new TcpRelayHandler(this, server, true));
        server.pipeline().addLast("relay", new TcpRelayHandler(this, client, false));
        if (!client.isActive() || !server.isActive()) {
            // One side ended before the relay was in place, so no channelInactive will tell us.
            close();
            return;
        }
        armTimer();
        if (earlyShutdown) {
            inputShutdown(true);
        } else {
            client.config().setAutoRead(true);
        }
        server.config().setAutoRead(true);
    }

    /** True when the kernel moves some of this stream's bytes (splice), so they never enter the JVM. */
    public boolean isSpliced() {
        return clientSpliced || serverSpliced;
    }

    /** True when the direction read from the client ({@code fromClient}) or from the server is spliced. */
    boolean isSpliced(boolean fromClient) {
        return fromClient ? clientSpliced : serverSpliced;
    }

    void activity(boolean fromClient, int bytes) {
        lastActivity = System.nanoTime();
        if (fromClient) {
            bytesIn += bytes;
            if (!clientSpliced && limits.splice() && bytesIn >= SPLICE_AFTER_BYTES) {
                clientSpliced = Splicer.spliceOneWay(client, server, this::close);
            }
        } else {
            bytesOut += bytes;
            if (!serverSpliced && limits.splice() && bytesOut >= SPLICE_AFTER_BYTES) {
                serverSpliced = Splicer.spliceOneWay(server, client, this::close);
            }
        }
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** One side sent FIN: pass it on after pending data, and close when both sides are done. */
    void inputShutdown(boolean fromClient) {
        Channel peer = fromClient ? server : client;
        if (fromClient) {
            clientInputDone = true;
        } else {
            serverInputDone = true;
        }
        if (clientInputDone && serverInputDone) {
            // Both directions finished: flush what is left and close.
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            server.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (f.isSuccess() && peer instanceof DuplexChannel d && peer.isActive()) {
                d.shutdownOutput();
            } else {
                close();
            }
        });
        armTimer();
    }

    /** Current idle limit: the tighter of both sides, with the -fin variants once a side half-closed. */
    private long idleLimit() {
        long c = clientInputDone && limits.clientFin() > 0 ? limits.clientFin() : limits.clientIdle();
        long s = serverInputDone && limits.serverFin() > 0 ? limits.serverFin() : limits.serverIdle();
        if (c == 0) {
            return s;
        }
        if (s == 0) {
            return c;
        }
        return Math.min(c, s);
    }

    private void armTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        long limit = idleLimit();
        if (limit > 0 && !closed) {
            timer = client.eventLoop().schedule(this::checkIdle, limit, TimeUnit.MILLISECONDS);
        }
    }

    private void checkIdle() {
        timer = null;
        if (closed) {
            return;
        }
        long limit = idleLimit();
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
        if (clientSpliced || serverSpliced) {
            // Spliced bytes bypass the pipeline; the kernel knows when each socket last received data.
            idleMs = Math.min(idleMs, Splicer.idleMillis(client, server));
        }
        if (limit > 0 && idleMs >= limit) {
            close();
        } else if (limit > 0) {
            timer = client.eventLoop().schedule(this::checkIdle, limit - idleMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Closes both sides (after flushing what was already written) and reports once. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        closeOnFlush(client);
        closeOnFlush(server);
        onClose.accept(this);
    }

    /** Closes hard, without flushing (server marked down with shutdown-sessions, hard stop). */
    public void abort() {
        client.close();
        server.close();
    }

    public Channel client() {
        return client;
    }

    public Channel server() {
        return server;
    }

    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
