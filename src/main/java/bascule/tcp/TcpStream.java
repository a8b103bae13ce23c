package bascule.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One L4 stream, from the client's accept to the close of both sides. It exists before its server
 * connection: bytes (and a FIN) the client sends meanwhile are kept, bounded, and go first once a server
 * is attached. Then it relays both ways with backpressure, propagates half-closes, enforces idle
 * timeouts and moves bulk directions to splice. Every method runs on the client's event loop, which is
 * also the server channel's.
 */
public final class TcpStream {
    /**
     * Bytes a direction relays by copy before it switches to splice. Like HAProxy's splice-auto, short
     * exchanges stay in user space, where a pair of kernel pipes would cost more than it saves; bulk
     * transfers move to the kernel.
     */
    static final long SPLICE_AFTER_BYTES = 64 * 1024;

    /**
     * ... and only on a read at least this large: a bulk transfer fills the read buffer, while a chatty
     * keep-alive connection (small requests and answers) never does and keeps its sockets pipe-free.
     */
    static final int SPLICE_MIN_READ = 8 * 1024;

    /** Client bytes kept while the server connection is being set up; past this, reading pauses. */
    static final int EARLY_LIMIT = 64 * 1024;

    /**
     * Idle limits in milliseconds (0 = none), already resolved from the proxy's timeouts, and whether the
     * bytes may move by splice(2) when both channels are native epoll sockets.
     */
    public record Limits(long clientIdle, long serverIdle, long clientFin, long serverFin, boolean splice) {
    }

    private final Channel client;
    private Channel server;
    private Limits limits;
    private Consumer<TcpStream> onClose;
    private ByteCounter counter = ByteCounter.NONE;
    private ArrayDeque<Object> early;
    private int earlyBytes;
    private boolean earlyPaused;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> timer;
    private boolean clientSpliced;
    private boolean serverSpliced;
    private boolean clientInputDone;
    private boolean serverInputDone;
    private boolean closed;
    private long bytesIn;
    private long bytesOut;
    private char endCause = '-';
    private char endPhase = '-';

    /** A stream for a just-accepted client; install {@link #clientHandler()} before it reads. */
    public TcpStream(Channel client) {
        this.client = client;
    }

    /** The handler for the client channel (one per stream). */
    public ChannelHandler clientHandler() {
        return new TcpRelayHandler(this, true);
    }

    /** A handler for one server connection attempt; events of attempts that are not attached are ignored. */
    public ChannelHandler newServerHandler() {
        return new TcpRelayHandler(this, false);
    }

    /**
     * Starts relaying to a connected server: early client bytes go first, an early client FIN follows
     * them, and timers start. {@code onClose} runs once when the stream ends.
     */
    public void attach(Channel connected, Limits streamLimits, Consumer<TcpStream> closeAction) {
        attach(connected, streamLimits, ByteCounter.NONE, closeAction);
    }

    /**
     * As {@link #attach(Channel, Limits, Consumer)}, reporting relayed bytes to {@code bytes} (early client
     * bytes included). Bytes moved by splice never reach the JVM and are not reported.
     */
    public void attach(Channel connected, Limits streamLimits, ByteCounter bytes, Consumer<TcpStream> closeAction) {
        this.server = connected;
        this.limits = streamLimits;
        this.onClose = closeAction;
        this.counter = bytes;
        if (bytesIn > 0) {
            bytes.add(true, bytesIn);
        }
        if (early != null) {
            Object m;
            while ((m = early.poll()) != null) {
                server.write(m, server.voidPromise());
            }
            early = null;
            server.flush();
        }
        if (!client.isActive() || !server.isActive()) {
            // One side ended before the relay was in place, so no channelInactive will tell us.
            close();
            return;
        }
        armTimer();
        if (clientInputDone) {
            clientInputDone = false;
            inputShutdown(true);
        } else if (earlyPaused) {
            earlyPaused = false;
            client.config().setAutoRead(true);
        }
    }

    public boolean isAttached() {
        return server != null;
    }

    /** True when the kernel moves some of this stream's bytes (splice), so they never enter the JVM. */
    public boolean isSpliced() {
        return clientSpliced || serverSpliced;
    }

    /** True when the direction read from the client ({@code fromClient}) or from the server is spliced. */
    boolean isSpliced(boolean fromClient) {
        return fromClient ? clientSpliced : serverSpliced;
    }

    /** Whether events from {@code ch} concern this stream (a failed server attempt's do not). */
    boolean owns(Channel ch, boolean clientSide) {
        return clientSide ? ch == client : ch == server;
    }

    Channel peerOf(boolean clientSide) {
        return clientSide ? server : client;
    }

    /** Client bytes read before a server is attached: keep them, and stop reading past the limit. */
    void early(Object msg) {
        if (early == null) {
            early = new ArrayDeque<>(4);
        }
        early.add(msg);
        if (msg instanceof ByteBuf b) {
            earlyBytes += b.readableBytes();
            bytesIn += b.readableBytes();
        }
        if (earlyBytes >= EARLY_LIMIT && !earlyPaused) {
            earlyPaused = true;
            client.config().setAutoRead(false);
        }
    }

    void activity(boolean fromClient, int bytes) {
        lastActivity = System.nanoTime();
        counter.add(fromClient, bytes);
        if (fromClient) {
            bytesIn += bytes;
            if (!clientSpliced && limits.splice() && bytes >= SPLICE_MIN_READ && bytesIn >= SPLICE_AFTER_BYTES) {
                clientSpliced = Splicer.spliceOneWay(client, server, this::close);
                client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            }
        } else {
            bytesOut += bytes;
            if (!serverSpliced && limits.splice() && bytes >= SPLICE_MIN_READ && bytesOut >= SPLICE_AFTER_BYTES) {
                serverSpliced = Splicer.spliceOneWay(server, client, this::close);
                server.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            }
        }
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** Who or what ended the stream, as the first letter of HAProxy's termination state ('-' normal). */
    public char endCause() {
        return endCause;
    }

    /** The phase the stream ended in, the second letter ('-' normal, 'D' while relaying data). */
    public char endPhase() {
        return endPhase;
    }

    private void ended(char cause) {
        if (endCause == '-' && !closed) {
            endCause = cause;
            endPhase = 'D';
        }
    }

    /** One side sent FIN: pass it on after pending data, and close when both sides are done. */
    void inputShutdown(boolean fromClient) {
        if (server == null) {
            clientInputDone = true; // passed on at attach, behind the early bytes
            return;
        }
        Channel peer = fromClient ? server : client;
        if (fromClient) {
            clientInputDone = true;
        } else {
            serverInputDone = true;
        }
        if (clientInputDone && serverInputDone) {
            // Both directions finished: flush what is left and close.
            close();
            return;
        }
        if (!peer.isActive()) {
            close();
            return;
        }
        // The FIN goes after every byte already queued for the peer: flush, then shut its output.
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (f.isSuccess() && peer instanceof DuplexChannel d && peer.isActive() && !d.isOutputShutdown()) {
                HalfClose.shutdownOutput(d, isSpliced(!fromClient));
            } else if (!f.isSuccess()) {
                close();
            }
        });
        armTimer();
    }

    /** A channel of this stream closed. Before a server is attached, the stream's starter handles it. */
    void inactive(boolean clientSide) {
        if (server == null) {
            if (clientSide) {
                releaseEarly();
            }
            return;
        }
        if (!clientInputDone && !serverInputDone) {
            // Gone with both directions still open: an abort. Once one side finished, the other closing (the
            // kernel may report a FIN after our own as a plain close) is the normal end of the stream.
            ended(clientSide ? 'C' : 'S');
        }
        close();
    }

    private void releaseEarly() {
        if (early != null) {
            Object m;
            while ((m = early.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
            early = null;
        }
    }

    /** Current idle limit: the tighter of both sides, with the -fin variants once a side half-closed. */
    private long idleLimit() {
        // As HAProxy: client-fin applies once the stream has shut its write side toward the client (the
        // server's FIN was passed on), server-fin once it has shut its write side toward the server.
        long c = serverInputDone && limits.clientFin() > 0 ? limits.clientFin() : limits.clientIdle();
        long s = clientInputDone && limits.serverFin() > 0 ? limits.serverFin() : limits.serverIdle();
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
            long c = serverInputDone && limits.clientFin() > 0 ? limits.clientFin() : limits.clientIdle();
            ended(c > 0 && c == limit ? 'c' : 's');
            // A timeout closes at once, as HAProxy does: waiting for a flush to a peer that stopped reading
            // could hold the sockets forever.
            close();
            abort();
        } else if (limit > 0) {
            timer = client.eventLoop().schedule(this::checkIdle, limit - idleMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Closes both sides (after flushing what was already written) and reports once. */
    void close() {
        if (closed || server == null) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        closeOnFlush(client);
        closeOnFlush(server);
        onClose.accept(this);
        // The flush behind a close may never finish (a peer that stopped reading): the sockets must not
        // outlive their released slots, so whatever is still open is closed hard after a grace period.
        long grace = Math.min(CLOSE_GRACE_MILLIS, Math.max(1, idleLimit() == 0 ? CLOSE_GRACE_MILLIS : idleLimit()));
        client.eventLoop().schedule(this::abort, grace, TimeUnit.MILLISECONDS);
    }

    /** Longest wait for the last bytes of a closing stream to be written. */
    static final long CLOSE_GRACE_MILLIS = 10_000;

    /** Writing progress counts as activity: a slow reader that keeps draining is not idle. */
    void writeProgress() {
        lastActivity = System.nanoTime();
    }

    /** Closes hard on an operator's request ({@code shutdown session}): logged as killed ('K'). */
    public void kill() {
        ended('K');
        abort();
    }

    /** Closes hard, without flushing (server marked down with shutdown-sessions, hard stop). */
    public void abort() {
        if (client.isOpen()) {
            client.close();
        }
        if (server != null && server.isOpen()) {
            server.close();
        }
    }

    public Channel client() {
        return client;
    }

    public Channel server() {
        return server;
    }

    /**
     * Closes after what is queued was written. Avoids writing to a channel whose output is shut (or that
     * is closed): Netty would answer with an exception per call, which a busy proxy cannot afford.
     */
    static void closeOnFlush(Channel ch) {
        if (!ch.isOpen()) {
            return;
        }
        boolean outputOpen = ch.isActive() && !(ch instanceof DuplexChannel d && d.isOutputShutdown());
        if (outputOpen) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
