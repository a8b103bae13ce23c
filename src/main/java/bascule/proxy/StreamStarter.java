package bascule.proxy;

import bascule.lb.LbRequest;
import bascule.model.ProxySpec;
import bascule.tcp.TcpStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes one accepted client from "accepted" to "relaying": picks a server, queues when all are full,
 * connects on the client's own event loop, retries a failed connect {@code retries} times (after HAProxy's
 * turn-around delay of min(timeout connect, 1s)), redispatches to another server when
 * {@code option redispatch} says so, and closes the client cleanly when nothing can be reached.
 */
final class StreamStarter implements Backend.Waiter {
    private final ProxyRuntime runtime;
    private final Channel client;
    private final TcpStream stream;
    private final Frontend frontend;
    private final Backend backend;
    private final ProxySpec be;
    private final Runnable releaseLimits;
    private final LbRequest request;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final io.netty.channel.ChannelFutureListener clientGone = f -> clientGone();
    private int retriesDone;
    private ScheduledFuture<?> queueTimer;
    private Channel pendingServer;
    private boolean established;
    private final long startNanos = System.nanoTime();
    private long queuedNanos;
    private long connectNanos;

    StreamStarter(ProxyRuntime runtime, Channel client, TcpStream stream, Frontend frontend, Backend backend,
                  Runnable releaseLimits) {
        this.runtime = runtime;
        this.client = client;
        this.stream = stream;
        this.frontend = frontend;
        this.backend = backend;
        this.be = backend == null ? null : backend.spec();
        this.releaseLimits = releaseLimits;
        InetSocketAddress remote = client.remoteAddress() instanceof InetSocketAddress a ? a : null;
        this.request = new LbRequest(remote == null || remote.getAddress() == null ? null
                : remote.getAddress().getAddress());
    }

    void start() {
        client.closeFuture().addListener(clientGone);
        if (backend == null) {
            fail();
            return;
        }
        backend.streamAssigned();
        choose(null);
    }

    private void choose(Server avoid) {
        Backend.Choice c = backend.take(request, avoid);
        if (c.server() != null) {
            connect(c.server());
        } else if (c.queue()) {
            waiting.set(true);
            queuedNanos = System.nanoTime();
            long limit = be.timeouts().queue() > 0 ? be.timeouts().queue() : be.timeouts().connect();
            if (limit > 0) {
                queueTimer = client.eventLoop().schedule(() -> {
                    if (waiting.compareAndSet(true, false)) {
                        backend.dequeue(this);
                        fail();
                    }
                }, limit, TimeUnit.MILLISECONDS);
            }
            backend.enqueue(this);
        } else {
            fail();
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
            server.queueTime().add(waited);
            backend.queueTime().add(waited);
            connect(server);
        });
        return true;
    }

    /**
     * Opens the server connection on the client's event loop. Done by hand rather than with a Bootstrap:
     * it sets only the options that differ from Netty's defaults (each one is a system call), and the
     * stream's relay handler is in place before the first byte can arrive.
     */
    private void connect(Server server) {
        Channel ch = runtime.transport().newSocketChannel();
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ch.config().setConnectTimeoutMillis((int) be.timeouts().connect());
        if (be.serverKeepAlive()) {
            ch.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        }
        ch.pipeline().addLast("relay", stream.newServerHandler());
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
        f.addListener(done -> {
            pendingServer = null;
            if (done.isSuccess()) {
                long took = millisSince(connectNanos);
                server.connectTime().add(took);
                backend.connectTime().add(took);
                established(server, ch);
            } else {
                server.release();
                server.connectFailed();
                ch.close();
                retry(server, done.cause() instanceof ConnectTimeoutException);
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
            fail();
            return;
        }
        retriesDone++;
        failed.retried();
        boolean redispatch = shouldRedispatch(failed);
        if (redispatch) {
            failed.redispatched();
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
        if (!failed.isUsable()) {
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

    private void established(Server server, Channel serverChannel) {
        if (!client.isActive()) {
            serverChannel.close();
            server.release();
            return;
        }
        established = true;
        ProxySpec fe = frontend.spec();
        TcpStream.Limits limits = new TcpStream.Limits(
                be.timeouts().tunnel() > 0 ? be.timeouts().tunnel() : fe.timeouts().client(),
                be.timeouts().tunnel() > 0 ? be.timeouts().tunnel() : be.timeouts().server(),
                fe.timeouts().clientFin(), be.timeouts().serverFin(), !runtime.model().global().noSplice());
        client.closeFuture().removeListener(clientGone);
        runtime.streamStarted(stream, frontend, backend, server, startNanos);
        server.sessionStarted(stream);
        Traffic feTraffic = frontend.traffic();
        Traffic beTraffic = backend.traffic();
        Traffic svTraffic = server.traffic();
        stream.attach(serverChannel, limits, (fromClient, n) -> {
            feTraffic.bytes(fromClient, n);
            beTraffic.bytes(fromClient, n);
            svTraffic.bytes(fromClient, n);
        }, s -> {
            long lived = millisSince(startNanos);
            server.totalTime().add(lived);
            backend.totalTime().add(lived);
            server.sessionEnded(s);
            server.release();
            releaseOnce();
            runtime.streamClosed(s);
        });
    }

    private void clientGone() {
        if (established) {
            return;
        }
        if (waiting.compareAndSet(true, false)) {
            backend.dequeue(this);
            if (queueTimer != null) {
                queueTimer.cancel(false);
            }
        }
        if (pendingServer != null) {
            pendingServer.close();
        }
        releaseOnce();
    }

    private void fail() {
        if (backend != null) {
            backend.connectionFailed();
        }
        client.close();
        releaseOnce();
    }

    private void releaseOnce() {
        if (released.compareAndSet(false, true)) {
            if (backend != null) {
                backend.streamLeft();
            }
            releaseLimits.run();
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
