package bascule.proxy;

import bascule.lb.LbRequest;
import bascule.logformat.LogEntry;
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
    private final long acceptMillis = System.currentTimeMillis();
    private ServerConnector connector;
    private boolean leftBackend;
    private Server server;
    private Channel serverChannel;

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
            log('P', 'R'); // no backend to route to: HAProxy's "proxy condition" during the request phase
            client.close();
            releaseOnce();
            return;
        }
        InetSocketAddress remote = client.remoteAddress() instanceof InetSocketAddress a ? a : null;
        LbRequest request = new LbRequest(remote == null || remote.getAddress() == null ? null
                : remote.getAddress().getAddress());
        backend.streamAssigned();
        connector = new ServerConnector(runtime, client, backend, request, this);
        connector.start();
    }

    @Override
    public void initServer(Channel server) {
        server.pipeline().addLast("relay", stream.newServerHandler());
    }

    @Override
    public void failed(ServerConnector.Failure why) {
        leaveBackend();
        switch (why) {
            case NO_SERVER, CONNECT_FAILED -> log('S', 'C');
            case QUEUE_TIMEOUT -> log('s', 'Q');
            case CLIENT_GONE -> log('C', connector.queueMillis() >= 0 && connector.connectMillis() < 0 ? 'Q' : 'C');
        }
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
        this.server = server;
        this.serverChannel = serverChannel;
        runtime.streamStarted(stream, client, stream::kill, frontend, backend, server, startNanos);
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
            // HAProxy logs once the server and backend let the stream go, while the frontend still counts it.
            server.release();
            leaveBackend();
            if (!frontend.spec().log().logAsap()) {
                log(s.endCause(), s.endPhase());
            }
            releaseOnce();
            runtime.streamClosed(s);
        });
        if (frontend.spec().log().logAsap()) {
            log('-', '-', true); // option logasap: the line goes now, while the stream lives on
        }
    }

    /** Hands the stream's log line to the frontend's log (HAProxy's tcplog fields). */
    private void log(char cause, char phase) {
        log(cause, phase, false);
    }

    private void log(char cause, char phase, boolean early) {
        StreamLog log = frontend.log();
        if (!log.enabled()) {
            return;
        }
        LogEntry e = new LogEntry();
        StreamContext ctx = new StreamContext(client, frontend);
        ctx.backend = backend;
        ctx.server = server;
        e.sample = ctx;
        e.client = client.remoteAddress() instanceof InetSocketAddress a ? a : null;
        e.frontendAddress = client.localAddress() instanceof InetSocketAddress a ? a : null;
        if (serverChannel != null) {
            e.backendSource = serverChannel.localAddress() instanceof InetSocketAddress a ? a : null;
            e.serverAddress = serverChannel.remoteAddress() instanceof InetSocketAddress a ? a : null;
        }
        e.acceptEpochMillis = acceptMillis;
        e.requestEpochMillis = acceptMillis;
        e.frontend = frontend.name();
        e.backend = backend != null ? backend.name() : frontend.name();
        Server tried = server != null ? server : connector != null ? connector.lastServer() : null;
        e.server = tried != null ? tried.name() : "<NOSRV>";
        if (connector != null) {
            e.tw = connector.queueMillis() >= 0 ? connector.queueMillis() : tried != null ? 0 : -1;
            e.tc = connector.connectMillis();
            e.retries = connector.retries();
            e.redispatched = connector.redispatched();
            e.backendQueue = connector.queuePosition();
        }
        e.tt = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        e.bytesIn = stream.bytesIn();
        e.bytesOut = stream.bytesOut();
        e.nothingReceived = stream.bytesIn() == 0;
        e.early = early;
        e.end(cause, phase);
        e.actconn = runtime.activeStreams();
        e.feconn = frontend.currentConnections();
        e.beconn = backend != null ? backend.currentSessions() : 0;
        e.srvconn = server != null ? server.currentConnections() : 0;
        log.emit(e);
    }

    private void leaveBackend() {
        if (backend != null && !leftBackend) {
            leftBackend = true;
            backend.streamLeft();
        }
    }

    private void releaseOnce() {
        if (released.compareAndSet(false, true)) {
            leaveBackend();
            releaseLimits.run();
        }
    }
}
