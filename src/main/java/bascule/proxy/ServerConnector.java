package bascule.proxy;

import bascule.lb.LbRequest;
import bascule.model.ProxySpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets one stream (TCP) or one request (HTTP) a connected server: picks a server (or takes the one
 * persistence chose), queues when all are full, connects on the client's own event loop, retries a failed
 * connect {@code retries} times (after HAProxy's turn-around delay of min(timeout connect, 1s)),
 * redispatches to another server when {@code option redispatch} says so, and reports failure when nothing
 * can be reached. The slot taken on the server is the caller's to release once the stream ends.
 */
public final class ServerConnector implements Backend.Waiter {

    /** What the stream does with the connector's results. All calls happen on the client's event loop. */
    public interface Callbacks {
        /** Adds the server channel's handlers before it connects. */
        void initServer(Channel server);

        /** A server took the stream: {@code channel} is connected (or an idle one was reused). */
        void connected(Server server, Channel channel);

        /** No server could be reached (none usable, queue timeout, retries exhausted). */
        void failed(Failure why);

        /** An idle connection to {@code server} this stream may reuse, or null to open a new one. */
        default Channel idleConnection(Server server) {
            return null;
        }
    }

    /**
     * Why no server was reached: HAProxy answers 503 for the first three; CLIENT_GONE means the client
     * closed while the connector waited, and nothing is to be answered.
     */
    public enum Failure { NO_SERVER, QUEUE_TIMEOUT, CONNECT_FAILED, CLIENT_GONE }

    private final ProxyRuntime runtime;
    private final Channel client;
    private final Backend backend;
    private final ProxySpec be;
    private final LbRequest request;
    private final Callbacks callbacks;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final ChannelFutureListener clientGone = f -> clientGone();
    private int retriesDone;
    private ScheduledFuture<?> queueTimer;
    private Channel pendingServer;
    private boolean done;
    private long queuedNanos;
    private long connectNanos;
    private long queueMillis = -1;
    private long connectMillis = -1;
    private boolean redispatched;
    private int queuePosition;
    private Server lastServer;

    public ServerConnector(ProxyRuntime runtime, Channel client, Backend backend, LbRequest request,
                           Callbacks callbacks) {
        this.runtime = runtime;
        this.client = client;
        this.backend = backend;
        this.be = backend.spec();
        this.request = request;
        this.callbacks = callbacks;
    }

    /** Starts with the balancer's choice. */
    public void start() {
        start(null);
    }

    /**
     * Starts with {@code preferred} (a persistence or {@code use-server} choice) if it still accepts persistent
     * traffic (running, even drained or NOLB) and has room, else with the balancer's choice.
     */
    public void start(Server preferred) {
        client.closeFuture().addListener(clientGone);
        if (preferred != null && preferred.acceptsPersistent() && preferred.tryAcquire()) {
            use(preferred);
            return;
        }
        choose(null);
    }

    /** Milliseconds spent queued ({@code Tw}), -1 if never queued. */
    public long queueMillis() {
        return queueMillis;
    }

    /** Milliseconds the successful connect took ({@code Tc}), 0 for a reused connection, -1 if none. */
    public long connectMillis() {
        return connectMillis;
    }

    /** Retries done ({@code %rc}). */
    public int retries() {
        return retriesDone;
    }

    /** The last server a connection was tried to (what logs name after a failed connect), or null. */
    public Server lastServer() {
        return lastServer;
    }

    /** True once a retry went to another server ({@code +} before {@code %rc}). */
    public boolean redispatched() {
        return redispatched;
    }

    /** Streams ahead of this one in the backend queue when it was queued ({@code %bq}); 0 if never queued. */
    public int queuePosition() {
        return queuePosition;
    }

    private void choose(Server avoid) {
        Backend.Choice c = backend.take(request, avoid);
        if (c.server() != null) {
            use(c.server());
        } else if (c.queue()) {
            waiting.set(true);
            queuedNanos = System.nanoTime();
            long limit = be.timeouts().queue() > 0 ? be.timeouts().queue() : be.timeouts().connect();
            if (limit > 0) {
                queueTimer = client.eventLoop().schedule(() -> {
                    if (waiting.compareAndSet(true, false)) {
                        backend.dequeue(this);
                        queueMillis = millisSince(queuedNanos);
                        finish(null, null, Failure.QUEUE_TIMEOUT);
                    }
                }, limit, TimeUnit.MILLISECONDS);
            }
            queuePosition = backend.queued();
            backend.enqueue(this);
        } else {
            finish(null, null, Failure.NO_SERVER);
        }
    }

    @Override
    public LbRequest request() {
        return request;
    }

    @Override
    public boolean offer(Server server) {
        if (!waiting.compareAndSet(true, false)) {
            return false;
        }
        client.eventLoop().execute(() -> {
            if (queueTimer != null) {
                queueTimer.cancel(false);
            }
            if (!client.isActive()) {
                server.release();
                return;
            }
            long waited = millisSince(queuedNanos);
            queueMillis = waited;
            server.queueTime().add(waited);
            backend.queueTime().add(waited);
            use(server);
        });
        return true;
    }

    private void use(Server server) {
        Channel idle = callbacks.idleConnection(server);
        if (idle != null && idle.isActive()) {
            connectMillis = 0;
            finish(server, idle, null);
            return;
        }
        connect(server);
    }

    /**
     * Opens the server connection on the client's event loop. Done by hand rather than with a Bootstrap:
     * it sets only the options that differ from Netty's defaults (each one is a system call), and the
     * stream's handler is in place before the first byte can arrive.
     */
    private void connect(Server server) {
        lastServer = server;
        Channel ch = runtime.transport().newSocketChannel();
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ch.config().setConnectTimeoutMillis((int) be.timeouts().connect());
        if (be.serverKeepAlive()) {
            ch.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        }
        callbacks.initServer(ch);
        ChannelPromise f = ch.newPromise();
        client.eventLoop().register(ch).addListener(registered -> {
            if (registered.isSuccess()) {
                ch.connect(target(server), f);
            } else {
                f.tryFailure(registered.cause());
                ch.unsafe().closeForcibly();
            }
        });
        pendingServer = ch;
        connectNanos = System.nanoTime();
        f.addListener(result -> {
            pendingServer = null;
            if (result.isSuccess()) {
                long took = millisSince(connectNanos);
                connectMillis = took;
                server.connectTime().add(took);
                backend.connectTime().add(took);
                if (!client.isActive()) {
                    ch.close();
                    server.release();
                    return;
                }
                finish(server, ch, null);
            } else {
                server.release();
                server.connectFailed();
                ch.close();
                retry(server, result.cause() instanceof ConnectTimeoutException);
            }
        });
    }

    /** A server written without a port gets the port the client connected to, as in HAProxy. */
    private java.net.SocketAddress target(Server server) {
        InetSocketAddress a = server.address();
        if (a.getPort() == 0 && client.localAddress() instanceof InetSocketAddress local) {
            return new InetSocketAddress(a.getAddress(), local.getPort());
        }
        return a;
    }

    private void retry(Server failed, boolean timedOut) {
        if (!client.isActive()) {
            return;
        }
        if (retriesDone >= be.retries()) {
            finish(null, null, Failure.CONNECT_FAILED);
            return;
        }
        retriesDone++;
        failed.retried();
        boolean redispatch = shouldRedispatch(failed);
        if (redispatch) {
            failed.redispatched();
            redispatched = true;
        }
        long delay = timedOut || redispatch ? 0 : Math.min(be.timeouts().connect() > 0
                ? be.timeouts().connect() : 1000, 1000);
        Runnable again = () -> {
            if (!client.isActive()) {
                return;
            }
            if (redispatch) {
                choose(failed);
            } else if (failed.tryAcquire()) {
                connect(failed);
            } else {
                choose(null);
            }
        };
        if (delay == 0) {
            again.run();
        } else {
            client.eventLoop().schedule(again, delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * HAProxy 2.6's rule ({@code stream_choose_redispatch}) with {@code option redispatch <interval>}:
     * redispatch when the failed server is no longer running, or on the interval (P &gt; 0: every P-th
     * retry; -N: the N-th retry before the last, so the default -1 is the last retry), or at once when
     * the algorithm is of the round-robin kind (roundrobin, static-rr, random) and more than one active
     * server is usable, since any other server will do.
     */
    private boolean shouldRedispatch(Server failed) {
        int interval = be.redispatch();
        if (interval == 0) {
            return false;
        }
        if (!failed.acceptsPersistent()) {
            return true;
        }
        int every = interval > 0 ? interval : be.retries() + 1 + interval;
        if (every > 0 && retriesDone % every == 0) {
            return true;
        }
        bascule.model.Algorithm a = be.balance().algorithm();
        boolean roundRobinKind = a == bascule.model.Algorithm.ROUNDROBIN || a == bascule.model.Algorithm.STATIC_RR
                || a == bascule.model.Algorithm.RANDOM;
        return roundRobinKind && backend.usableCounts()[0] > 1;
    }

    private void finish(Server server, Channel channel, Failure failure) {
        if (done) {
            return;
        }
        done = true;
        client.closeFuture().removeListener(clientGone);
        if (server != null) {
            callbacks.connected(server, channel);
        } else {
            callbacks.failed(failure);
        }
    }

    /** The client left before a server was reached: withdraw from the queue, drop a pending connect. */
    private void clientGone() {
        if (done) {
            return;
        }
        done = true;
        if (waiting.compareAndSet(true, false)) {
            backend.dequeue(this);
            if (queueTimer != null) {
                queueTimer.cancel(false);
            }
        }
        if (pendingServer != null) {
            pendingServer.close();
        }
        callbacks.failed(Failure.CLIENT_GONE);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
