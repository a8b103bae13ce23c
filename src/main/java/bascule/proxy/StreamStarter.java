package bascule.proxy;

import bascule.lb.LbRequest;
import bascule.model.ProxySpec;
import bascule.tcp.TcpStream;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes one accepted TCP-mode client from "accepted" to "relaying": a {@link ServerConnector} finds and
 * connects a server, then the stream is attached to it; when nothing can be reached the client is closed.
 */
final class StreamStarter implements ServerConnector.Callbacks {
    private final ProxyRuntime runtime;
    private final Channel client;
    private final TcpStream stream;
    private final Frontend frontend;
    private final Backend backend;
    private final ProxySpec be;
    private final Runnable releaseLimits;
    private final AtomicBoolean released = new AtomicBoolean();
    private final long startNanos = System.nanoTime();

    StreamStarter(ProxyRuntime runtime, Channel client, TcpStream stream, Frontend frontend, Backend backend,
                  Runnable releaseLimits) {
        this.runtime = runtime;
        this.client = client;
        this.stream = stream;
        this.frontend = frontend;
        this.backend = backend;
        this.be = backend == null ? null : backend.spec();
        this.releaseLimits = releaseLimits;
    }

    void start() {
        if (backend == null) {
            client.close();
            releaseOnce();
            return;
        }
        InetSocketAddress remote = client.remoteAddress() instanceof InetSocketAddress a ? a : null;
        LbRequest request = new LbRequest(remote == null || remote.getAddress() == null ? null
                : remote.getAddress().getAddress());
        backend.streamAssigned();
        new ServerConnector(runtime, client, backend, request, this).start();
    }

    @Override
    public void initServer(Channel server) {
        server.pipeline().addLast("relay", stream.newServerHandler());
    }

    @Override
    public void failed(ServerConnector.Failure why) {
        if (why != ServerConnector.Failure.CLIENT_GONE) {
            backend.connectionFailed();
            client.close();
        }
        releaseOnce();
    }

    @Override
    public void connected(Server server, Channel serverChannel) {
        ProxySpec fe = frontend.spec();
        TcpStream.Limits limits = new TcpStream.Limits(
                be.timeouts().tunnel() > 0 ? be.timeouts().tunnel() : fe.timeouts().client(),
                be.timeouts().tunnel() > 0 ? be.timeouts().tunnel() : be.timeouts().server(),
                fe.timeouts().clientFin(), be.timeouts().serverFin(), !runtime.model().global().noSplice());
        runtime.streamStarted(stream, client, stream::abort, frontend, backend, server, startNanos);
        Traffic feTraffic = frontend.traffic();
        Traffic beTraffic = backend.traffic();
        Traffic svTraffic = server.traffic();
        stream.attach(serverChannel, limits, (fromClient, n) -> {
            feTraffic.bytes(fromClient, n);
            beTraffic.bytes(fromClient, n);
            svTraffic.bytes(fromClient, n);
        }, s -> {
            long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            server.totalTime().add(lived);
            backend.totalTime().add(lived);
            backend.latency().recordNanos(System.nanoTime() - startNanos);
            server.release();
            releaseOnce();
            runtime.streamClosed(s);
        });
    }

    private void releaseOnce() {
        if (released.compareAndSet(false, true)) {
            if (backend != null) {
                backend.streamLeft();
            }
            releaseLimits.run();
        }
    }
}
