package bascule.http;

import bascule.lb.LbRequest;
import bascule.model.HttpSettings;
import bascule.model.ProxySpec;
import bascule.model.UseServerRule;
import bascule.proxy.Backend;
import bascule.proxy.Frontend;
import bascule.proxy.ProxyRuntime;
import bascule.proxy.Server;
import bascule.proxy.ServerConnector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One HTTP/1 client connection: reads requests one at a time (pipelined ones wait their turn), routes each
 * to a backend and server, relays the request body and the response with backpressure, keeps both
 * connections alive when HAProxy would, and answers errors itself (400, 408, 502, 503, 504).
 *
 * <p>Everything runs on the client's event loop; the server connection is opened on the same loop. The
 * client channel is read only on demand: a new request head when idle, more body when the server can take
 * it. The server connection is the session's own and is reused for the next request to the same server.
 */
public final class HttpSession extends ChannelInboundHandlerAdapter {
    private final HttpEngine engine;
    private final ProxyRuntime runtime;
    private final Channel client;
    private final Frontend frontend;
    private final ProxySpec fe;
    private final ArrayDeque<Object> inbound = new ArrayDeque<>(4);
    private Runnable releaseLimits;
    private boolean started;
    private boolean closing;
    private boolean firstRequest = true;
    private HttpTxn txn;
    /** The session's server connection (busy with {@link #txn} or idle between requests), and its server. */
    private Channel serverChannel;
    private Server serverOfChannel;
    /** The server connection's input ended (a FIN): it cannot serve another request. */
    private boolean serverInputClosed;
    private Tunnel tunnel;
    private ScheduledFuture<?> timer;
    private long lastActivity;

    private HttpSession(HttpEngine engine, ProxyRuntime runtime, Channel client, Frontend frontend) {
        this.engine = engine;
        this.runtime = runtime;
        this.client = client;
        this.frontend = frontend;
        this.fe = frontend.spec();
    }

    /** Installs the codec and the session on an accepted client; returns what starts the session. */
    static Consumer<Runnable> install(HttpEngine engine, ProxyRuntime runtime, Channel client, Frontend frontend) {
        HttpSession s = new HttpSession(engine, runtime, client, frontend);
        HttpCodecs.addClientSide(client.pipeline(), runtime.model().global());
        client.pipeline().addLast("http", s);
        client.config().setAutoRead(false);
        return s::start;
    }

    private void start(Runnable release) {
        this.releaseLimits = release;
        this.started = true;
        client.closeFuture().addListener(f -> closed());
        if (!client.isActive()) {
            return;
        }
        client.config().setAutoRead(false);
        armIdleTimer(fe.timeouts().requestHead(), true);
        process();
    }

    // ---- client side -------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastActivity = System.nanoTime();
        inbound.add(msg);
        if (started) {
            process();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (serverChannel != null && txn != null && txn.responseStarted) {
            serverChannel.config().setAutoRead(client.isWritable());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        abort();
    }

    /** Handles what the client sent, as far as the current state allows, then asks for more if needed. */
    private void process() {
        while (!closing && !inbound.isEmpty()) {
            Object m = inbound.peek();
            if (txn == null) {
                inbound.poll();
                if (m instanceof HttpRequest r) {
                    begin(r);
                } else {
                    ReferenceCountUtil.release(m); // the rest of a message already answered
                }
            } else if (m instanceof HttpContent c && !txn.requestReceived) {
                if (serverChannel == null || txn.server() == null || !serverChannel.isWritable()) {
                    return; // not connected yet, or the server is full: keep it
                }
                inbound.poll();
                forwardRequestContent(c);
            } else {
                return; // a pipelined request waits for the current response
            }
        }
        if (!closing && inbound.isEmpty() && wantsClientData()) {
            client.read();
        }
    }

    private boolean wantsClientData() {
        if (txn == null) {
            return true;
        }
        return !txn.requestReceived && serverChannel != null && txn.server() != null && serverChannel.isWritable();
    }

    private void forwardRequestContent(HttpContent c) {
        int n = c.content().readableBytes();
        txn.requestBytes += n;
        count(true, n);
        boolean last = c instanceof LastHttpContent;
        if (last) {
            txn.requestReceived = true;
        }
        if (c.decoderResult().isFailure()) {
            ReferenceCountUtil.release(c);
            abort();
            return;
        }
        serverChannel.writeAndFlush(c).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                if (last && txn != null) {
                    txn.requestSent = true;
                }
                process();
            }
        });
    }

    // ---- a new transaction ---------------------------------------------------------------------------

    private void begin(HttpRequest request) {
        cancelTimer();
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            int status = HttpCodecs.statusFor(request.decoderResult().cause());
            replyAndClose(status);
            return;
        }
        HttpSettings.ConnectionMode mode = fe.http().connectionMode();
        boolean keepAlive = HttpUtil.isKeepAlive(request) && mode != HttpSettings.ConnectionMode.CLOSE
                && !runtime.isStopping();
        txn = new HttpTxn(client, frontend, request, keepAlive, engine.userlists());
        firstRequest = false;
        txn.requestReceived = request instanceof LastHttpContent;
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1) && !request.headers().contains(HttpHeaderNames.HOST)) {
            reply(400, true);
            return;
        }
        if (fe.http().monitorUri() != null && fe.http().monitorUri().equals(request.uri())) {
            reply(200, false);
            return;
        }
        Backend backend = frontend.route(txn);
        if (backend == null) {
            reply(503, false);
            return;
        }
        txn.setBackend(backend);
        ProxySpec be = backend.spec();
        if (be.http().connectionMode() == HttpSettings.ConnectionMode.CLOSE) {
            txn.closeClient = true;
        }
        addForwardedHeaders(request, be);
        Server preferred = null;
        for (UseServerRule r : be.http().useServers()) {
            if (r.condition().test(txn)) {
                Server s = backend.server(r.server());
                if (s != null && s.isUsable()) {
                    preferred = s;
                    break;
                }
            }
        }
        if (be.http().cookie() != null) {
            txn.cookieServer = CookiePersistence.fromRequest(be.http().cookie(), backend, request);
            if (preferred == null && txn.cookieServer != null && txn.cookieServer.isUsable()) {
                preferred = txn.cookieServer;
            }
        }
        boolean closeServer = be.http().connectionMode() != HttpSettings.ConnectionMode.KEEP_ALIVE
                || fe.http().connectionMode() != HttpSettings.ConnectionMode.KEEP_ALIVE;
        ConnectionHeaders.toServer(request, closeServer);
        backend.streamAssigned();
        InetSocketAddress src = txn.source();
        LbRequest lb = new LbRequest(src == null || src.getAddress() == null ? null : src.getAddress().getAddress(),
                txn);
        new ServerConnector(runtime, client, backend, lb, new Connecting(txn)).start(preferred);
    }

    private void addForwardedHeaders(HttpRequest request, ProxySpec be) {
        InetSocketAddress src = txn.source();
        bascule.model.ForwardFor ff = be.http().forwardFor() != null ? be.http().forwardFor() : fe.http().forwardFor();
        if (ff != null && src != null && src.getAddress() != null) {
            byte[] a = src.getAddress().getAddress();
            if (!ff.excepts(a) && !(ff.ifNone() && request.headers().contains(ff.header()))) {
                request.headers().add(ff.header(), src.getAddress().getHostAddress());
            }
        }
        bascule.model.ForwardFor ot = be.http().originalTo() != null ? be.http().originalTo() : fe.http().originalTo();
        InetSocketAddress dst = txn.destination();
        if (ot != null && dst != null && dst.getAddress() != null && !ot.excepts(dst.getAddress().getAddress())) {
            request.headers().add(ot.header(), dst.getAddress().getHostAddress());
        }
    }

    /** The connector's callbacks for one transaction; stale ones (the transaction ended) do nothing. */
    private final class Connecting implements ServerConnector.Callbacks {
        private final HttpTxn t;

        Connecting(HttpTxn t) {
            this.t = t;
        }

        @Override
        public void initServer(Channel ch) {
            HttpCodecs.addServerSide(ch.pipeline(), runtime.model().global());
            ch.pipeline().addLast("http", new ServerHandler(HttpSession.this));
        }

        @Override
        public Channel idleConnection(Server server) {
            if (serverChannel != null && (serverOfChannel != server || !serverChannel.isActive())) {
                dropServerConnection();
            }
            if (serverChannel != null && t.backend().spec().http().reuse() != HttpSettings.Reuse.NEVER) {
                t.reusedConnection = true;
                return serverChannel;
            }
            dropServerConnection();
            return null;
        }

        @Override
        public void connected(Server server, Channel ch) {
            if (txn != t || closing) {
                server.release();
                if (ch != serverChannel) {
                    ch.close();
                }
                return;
            }
            if (ch != serverChannel) {
                serverInputClosed = false;
            }
            serverChannel = ch;
            serverOfChannel = server;
            t.setServer(server);
            runtime.streamStarted(t, client, HttpSession.this::abort, frontend, t.backend(), server, t.startNanos);
            ch.writeAndFlush(t.request).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && t.requestReceived && txn == t) {
                    t.requestSent = true;
                }
            });
            armServerTimer(t);
            process();
        }

        @Override
        public void failed(ServerConnector.Failure why) {
            if (txn != t) {
                return;
            }
            t.backend().streamLeft();
            if (why == ServerConnector.Failure.CLIENT_GONE) {
                return;
            }
            t.backend().connectionFailed();
            reply(503, !t.requestReceived);
        }
    }

    // ---- server side ---------------------------------------------------------------------------------

    /** A response part from server channel {@code ch}; returns false when it is not ours (to be released). */
    boolean fromServer(Channel ch, Object msg) {
        if (ch != serverChannel || txn == null || txn.server() == null) {
            if (ch != serverChannel) {
                ch.close();
            }
            return false;
        }
        lastActivity = System.nanoTime();
        HttpTxn t = txn;
        if (msg instanceof HttpResponse r) {
            if (r.decoderResult().isFailure()) {
                ReferenceCountUtil.release(r);
                serverFailed(502);
                return true;
            }
            int code = r.status().code();
            if (code < 200 && code != 101) {
                t.informational = true;
                client.writeAndFlush(r);
                return true;
            }
            t.setResponse(r);
            t.responseStarted = true;
            if (code == 101) {
                t.upgrading = true;
            }
            if (t.backend().spec().http().cookie() != null) {
                CookiePersistence.toResponse(t.backend().spec().http().cookie(), t, t.server(), r);
            }
            t.serverKeepAlive = HttpUtil.isKeepAlive(r);
            if (ConnectionHeaders.toClient(t, r)) {
                t.closeClient = true;
            }
            client.writeAndFlush(r);
            if (!client.isWritable()) {
                ch.config().setAutoRead(false);
            }
            if (msg instanceof LastHttpContent) {
                responseEnded(t, (LastHttpContent) msg);
            }
            return true;
        }
        if (msg instanceof HttpContent c) {
            if (t.informational) {
                t.informational = false;
                client.writeAndFlush(c);
                return true;
            }
            if (!t.responseStarted) {
                return false;
            }
            if (c.decoderResult().isFailure()) {
                ReferenceCountUtil.release(c);
                abort();
                return true;
            }
            int n = c.content().readableBytes();
            t.responseBytes += n;
            count(false, n);
            boolean last = c instanceof LastHttpContent;
            client.writeAndFlush(c);
            if (!client.isWritable()) {
                ch.config().setAutoRead(false);
            }
            if (last) {
                responseEnded(t, (LastHttpContent) c);
            }
            return true;
        }
        return false;
    }

    private void responseEnded(HttpTxn t, LastHttpContent last) {
        if (t.upgrading) {
            startTunnel(t);
            return;
        }
        boolean reusable = t.requestSent && t.requestReceived && t.serverKeepAlive && serverChannel != null
                && serverChannel.isActive() && !serverInputClosed
                && t.backend().spec().http().connectionMode() == HttpSettings.ConnectionMode.KEEP_ALIVE
                && fe.http().connectionMode() == HttpSettings.ConnectionMode.KEEP_ALIVE;
        if (!reusable) {
            dropServerConnection();
        } else {
            serverChannel.config().setAutoRead(true);
        }
        endTransaction(t);
    }

    void serverClosed(Channel ch) {
        if (ch != serverChannel) {
            return;
        }
        serverChannel = null;
        serverOfChannel = null;
        HttpTxn t = txn;
        if (t == null || t.server() == null || t.upgrading && tunnel != null) {
            return;
        }
        if (!t.responseStarted) {
            serverFailed(502);
        } else {
            abort(); // the response was cut short
        }
    }

    void serverInputClosed(Channel ch) {
        if (ch == serverChannel) {
            serverInputClosed = true;
            if (txn == null || txn.server() == null) {
                dropServerConnection();
            }
        }
    }

    void serverWritable(Channel ch) {
        if (ch == serverChannel) {
            process();
        }
    }

    /** The server failed before its response began: answer the client with {@code status}. */
    private void serverFailed(int status) {
        HttpTxn t = txn;
        if (t == null) {
            return;
        }
        dropServerConnection();
        if (t.responseStarted) {
            abort();
            return;
        }
        t.server().failedResponse();
        reply(status, true);
    }

    private void startTunnel(HttpTxn t) {
        Channel server = serverChannel;
        cancelTimer();
        ProxySpec be = t.backend().spec();
        long idle = be.timeouts().tunnel() > 0 ? be.timeouts().tunnel()
                : Math.max(fe.timeouts().client(), be.timeouts().server());
        tunnel = new Tunnel(client, server, idle, () -> endTransaction(t));
        // Handlers first: removing a codec hands the bytes it holds to the next handler.
        client.pipeline().replace("http", "tunnel", tunnel.handler(true));
        server.pipeline().replace("http", "tunnel", tunnel.handler(false));
        HttpCodecs.removeAll(client.pipeline());
        HttpCodecs.removeAll(server.pipeline());
        ReferenceCountUtil.release(inbound.poll());
        while (!inbound.isEmpty()) {
            ReferenceCountUtil.release(inbound.poll());
        }
        tunnel.start();
    }

    // ---- ends --------------------------------------------------------------------------------------

    private void endTransaction(HttpTxn t) {
        if (txn != t) {
            return;
        }
        txn = null;
        cancelTimer();
        if (t.server() != null) {
            long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t.startNanos);
            t.server().totalTime().add(lived);
            t.backend().totalTime().add(lived);
            runtime.streamClosed(t);
            t.server().release();
            t.backend().streamLeft();
        }
        t.variables().endTransaction();
        if (t.closeClient || closing || tunnel != null) {
            closeAfterFlush();
            return;
        }
        armIdleTimer(fe.timeouts().keepAliveIdle(), false);
        process();
    }

    /** Answers the current transaction with the proxy's error page for {@code status}. */
    private void reply(int status, boolean close) {
        HttpTxn t = txn;
        ErrorPage page = engine.errorPage(fe.name(), t == null ? null : t.backendName(), status);
        if (t != null && !t.requestReceived && t.server() == null) {
            // Parts of this request that were read already are dropped here; its end may be among them.
            while (inbound.peek() instanceof HttpContent c && !(c instanceof HttpRequest)) {
                inbound.poll();
                boolean last = c instanceof LastHttpContent;
                ReferenceCountUtil.release(c);
                if (last) {
                    t.requestReceived = true;
                    break;
                }
            }
        }
        if (t == null) {
            replyAndClose(status);
            return;
        }
        if (!t.requestReceived || page.silent()) {
            close = true; // the rest of the request body cannot be told from a next request
        }
        boolean keepAlive = !close && page.keepsAlive(!t.closeClient);
        if (!keepAlive) {
            t.closeClient = true;
        }
        if (!page.silent()) {
            FullHttpResponse r = Replies.of(page, keepAlive,
                    t.clientVersion.equals(HttpVersion.HTTP_1_0));
            t.setResponse(r);
            t.responseStarted = true;
            client.writeAndFlush(r);
        }
        endTransaction(t);
    }

    /**
     * Answers an error found by the HTTP parser, or a first request that never came (408): HAProxy sends
     * these verbatim, whatever the error files say, and closes.
     */
    private void replyAndClose(int status) {
        closing = true;
        io.netty.channel.ChannelHandlerContext codec = client.pipeline().context("http-codec");
        io.netty.buffer.ByteBuf bytes = io.netty.buffer.Unpooled.wrappedBuffer(ErrorPages.parserError(status));
        // Written below the codec: these bytes are already a complete response.
        (codec != null ? codec.writeAndFlush(bytes) : client.writeAndFlush(bytes))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void closeAfterFlush() {
        closing = true;
        client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes both sides at once (a cut-short message, {@code shutdown session}, a timeout mid-message). */
    void abort() {
        closing = true;
        dropServerConnection();
        client.close();
    }

    private void dropServerConnection() {
        if (serverChannel != null) {
            Channel ch = serverChannel;
            serverChannel = null;
            serverOfChannel = null;
            ch.close();
        }
    }

    private void closed() {
        closing = true;
        cancelTimer();
        while (!inbound.isEmpty()) {
            ReferenceCountUtil.release(inbound.poll());
        }
        HttpTxn t = txn;
        if (t != null && t.server() != null) {
            endTransaction(t);
        }
        txn = null;
        dropServerConnection();
        if (releaseLimits != null) {
            releaseLimits.run();
            releaseLimits = null;
        }
    }

    // ---- timers --------------------------------------------------------------------------------------

    /**
     * Waiting for a request head: {@code timeout http-request} for the first request (answered with 408),
     * {@code timeout http-keep-alive} between requests (closed silently, as HAProxy does).
     */
    private void armIdleTimer(long millis, boolean first) {
        if (millis <= 0) {
            return;
        }
        timer = client.eventLoop().schedule(() -> {
            if (txn == null && !closing) {
                if (first) {
                    replyAndClose(408);
                } else {
                    closing = true;
                    client.close();
                }
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * While a server serves a transaction: {@code timeout server} without anything from it answers 504
     * before the response began, or aborts after.
     */
    private void armServerTimer(HttpTxn t) {
        long limit = t.backend().spec().timeouts().server();
        if (limit <= 0) {
            return;
        }
        lastActivity = System.nanoTime();
        scheduleServerCheck(t, limit, limit);
    }

    private void scheduleServerCheck(HttpTxn t, long limit, long delay) {
        timer = client.eventLoop().schedule(() -> {
            if (txn != t || closing) {
                return;
            }
            long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
            if (idle < limit) {
                scheduleServerCheck(t, limit, limit - idle);
            } else if (!t.responseStarted) {
                serverFailed(504);
            } else {
                abort();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void count(boolean fromClient, long n) {
        frontend.traffic().bytes(fromClient, n);
        HttpTxn t = txn;
        if (t != null && t.backend() != null) {
            t.backend().traffic().bytes(fromClient, n);
            if (t.server() != null) {
                t.server().traffic().bytes(fromClient, n);
            }
        }
    }
}
