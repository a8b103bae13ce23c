package bascule.http;

import bascule.lb.LbRequest;
import bascule.model.HttpSettings;
import bascule.model.ProxySpec;
import bascule.model.UseServerRule;
import bascule.proxy.Backend;
import bascule.proxy.Frontend;
import bascule.proxy.HttpCounters;
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
    private boolean clientInputClosed;
    private HttpTxn txn;
    /** The session's server connection (busy with {@link #txn} or idle between requests), and its server. */
    private Channel serverChannel;
    private Server serverOfChannel;
    /** The server connection's input ended (a FIN): it cannot serve another request. */
    private boolean serverInputClosed;
    private Tunnel tunnel;
    private ScheduledFuture<?> timer;
    private long lastActivity;
    /** When the connection was accepted or the last transaction ended: the next one's accept date. */
    private long idleSinceNanos = System.nanoTime();
    private long idleSinceMillis = System.currentTimeMillis();
    /** The frontend logs its traffic: only then are the log-only facts (HAProxy's byte counts) worked out. */
    private final boolean logging;

    private HttpSession(HttpEngine engine, ProxyRuntime runtime, Channel client, Frontend frontend) {
        this.engine = engine;
        this.runtime = runtime;
        this.client = client;
        this.frontend = frontend;
        this.fe = frontend.spec();
        this.logging = frontend.log().enabled();
    }

    /** Installs the codec and the session on an accepted client; returns what starts the session. */
    static Consumer<Runnable> install(HttpEngine engine, ProxyRuntime runtime, Channel client, Frontend frontend) {
        HttpSession s = new HttpSession(engine, runtime, client, frontend);
        Http1Codecs.addClientSide(client.pipeline(), engine.limits());
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
        inbound.add(msg); // an HttpError too: it is handled in turn, after what came before it
        if (started) {
            process();
        }
    }

    /**
     * The client's input ended (a half-close). Idle, the connection is done; in the middle of a request
     * body, the request is broken; requests already read (pipelined ones too) are still answered, then the
     * connection closes.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            clientInputClosed = true;
            if (!started) {
                return;
            }
            if (txn == null && inbound.isEmpty()) {
                closing = true;
                client.close();
            }
            process();
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * A request the parser refused ({@code status}), or one whose body broke: answered with the status and
     * a close when its response has not begun (the server connection, which may hold part of it, is
     * dropped), else both sides are closed.
     */
    private void requestBroken(int status) {
        HttpTxn t = txn;
        if (t == null) {
            errorAndClose(status);
            return;
        }
        if (t.responseStarted) {
            abort();
            return;
        }
        t.requestReceived = true; // nothing more of it will be read
        dropServerConnection();
        reply(status, true);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (serverChannel != null && txn != null && txn.responseStarted) {
            serverChannel.config().setAutoRead(client.isWritable());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        HttpTxn t = txn;
        if (!(cause instanceof java.io.IOException) && t != null && !t.responseStarted && !closing
                && client.isActive()) {
            internalError(t);
            return;
        }
        abort();
    }

    /**
     * Something failed inside the proxy (not the network) before the client got any of a response: it gets a
     * 500 and the connection closes, rather than a bare close, and the log line says so ({@code I}, HAProxy's
     * internal error).
     */
    private void internalError(HttpTxn t) {
        closing = true;
        dropServerConnection();
        t.end('I', t.server() != null ? 'H' : 'R');
        t.closeClient = true;
        FullHttpResponse r = Replies.of(engine.errorPage(fe.name(), t.backendName(), 500), true, false);
        t.setResponse(r);
        t.responseStarted = true;
        client.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    /** Handles what the client sent, as far as the current state allows, then asks for more if needed. */
    private void process() {
        while (!closing && !inbound.isEmpty()) {
            Object m = inbound.peek();
            if (m instanceof HttpError e && (txn == null || !txn.requestReceived)) {
                inbound.poll();
                ProtocolErrors.request(runtime, frontend, txn, client, e, engine.limits().bufsize());
                requestBroken(e.status());
                return;
            }
            if (txn == null) {
                inbound.poll();
                if (m instanceof HttpRequest r) {
                    begin(r);
                } else {
                    ReferenceCountUtil.release(m); // the rest of a message already answered
                }
            } else if (m instanceof HttpContent c && !txn.requestReceived && txn.service != null) {
                inbound.poll();
                collectServiceBody(c);
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
            if (clientInputClosed) {
                if (txn != null && !txn.requestReceived) {
                    requestBroken(400); // the body ended early
                } else if (txn == null) {
                    closing = true;
                    client.close();
                }
                return;
            }
            client.read();
        }
    }

    private boolean wantsClientData() {
        if (txn == null) {
            return true;
        }
        if (txn.service != null) {
            return !txn.requestReceived;
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
        HttpSettings.ConnectionMode mode = fe.http().connectionMode();
        boolean keepAlive = HttpUtil.isKeepAlive(request) && mode != HttpSettings.ConnectionMode.CLOSE
                && !runtime.isStopping();
        txn = new HttpTxn(client, frontend, request, keepAlive, engine, runtime);
        txn.acceptNanos = idleSinceNanos;
        txn.acceptEpochMillis = idleSinceMillis;
        txn.requestCounter = runtime.nextRequestId();
        frontend.http().request();
        txn.requestWireBytes = HttpLogging.wireSize(request);
        frontend.traffic().bytes(true, txn.requestWireBytes);
        if (logging) {
            txn.requestHeadBytes = HttpLogging.headSize(request);
        }
        firstRequest = false;
        txn.requestReceived = request instanceof LastHttpContent;
        HttpLogging.captureRequest(fe.log(), txn, request);
        if (fe.http().monitorUri() != null && fe.http().monitorUri().equals(request.uri())) {
            txn.noLog = true; // HAProxy never logs monitor requests
            reply(200, false);
            return;
        }
        RuleOutcome outcome = requestRules(fe);
        if (outcome.isReply()) {
            ruleReply(outcome, 'R');
            return;
        }
        if (serviceTakes(outcome, fe)) {
            return;
        }
        Backend backend = frontend.route(txn);
        if (backend == null) {
            txn.end('S', 'C');
            reply(503, false);
            return;
        }
        txn.setBackend(backend);
        ProxySpec be = backend.spec();
        if (be != fe) {
            outcome = requestRules(be);
            if (outcome.isReply()) {
                ruleReply(outcome, 'R');
                return;
            }
            if (serviceTakes(outcome, be)) {
                return;
            }
        }
        if (be.http().connectionMode() == HttpSettings.ConnectionMode.CLOSE) {
            txn.closeClient = true;
        }
        if (uniqueId(txn) != null && fe.http().uniqueIdHeader() != null) {
            request.headers().add(fe.http().uniqueIdHeader(), txn.uniqueId);
        }
        addForwardedHeaders(request, be);
        Server preferred = null;
        for (UseServerRule r : be.http().useServers()) {
            if (r.condition().test(txn)) {
                Server s = backend.server(r.server());
                if (s != null && s.acceptsPersistent()) {
                    preferred = s;
                    break;
                }
            }
        }
        if (be.http().cookie() != null) {
            txn.cookieServer = CookiePersistence.fromRequest(be.http().cookie(), backend, request, txn);
            if (preferred == null && txn.cookieServer != null && txn.cookieServer.acceptsPersistent()) {
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
        txn.connector = new ServerConnector(runtime, client, backend, lb, new Connecting(txn));
        txn.connector.start(preferred);
    }

    /** Sends a rule's reply, with the termination state HAProxy logs for it. */
    private void ruleReply(RuleOutcome o, char phase) {
        txn.failedRewrite = o.failedRewrite();
        txn.end(o.local() ? 'L' : 'P', o.tarpit() ? 'T' : phase);
        sendReply(o.reply(), o.closeAfter(), o.tarpit());
    }

    /**
     * Hands the transaction to a built-in service: the one {@code use-service} named, or the proxy's stats
     * page when the request is for it. Returns false when neither applies. The service answers once the whole
     * request has arrived.
     */
    private boolean serviceTakes(RuleOutcome outcome, ProxySpec proxy) {
        HttpService service = outcome.kind() == RuleOutcome.Kind.SERVICE
                ? engine.services().named(outcome.service()) : engine.services().intercept(proxy, txn.request);
        if (service == null) {
            if (outcome.kind() == RuleOutcome.Kind.SERVICE) {
                txn.end('P', 'R');
                reply(503, false); // a service of the configuration that this runtime does not offer
                return true;
            }
            return false;
        }
        txn.service = service;
        txn.serviceProxy = proxy;
        txn.end('L', 'R');
        if (txn.requestReceived) {
            runService(txn);
        }
        return true;
    }

    private void collectServiceBody(HttpContent c) {
        HttpTxn t = txn;
        int n = c.content().readableBytes();
        t.requestBytes += n;
        count(true, n);
        boolean last = c instanceof LastHttpContent;
        if (c.decoderResult().isFailure()) {
            ReferenceCountUtil.release(c);
            abort();
            return;
        }
        if (n > 0) {
            if (t.serviceBody == null) {
                t.serviceBody = client.alloc().heapBuffer(Math.min(n, 4096));
            }
            if (t.serviceBody.readableBytes() + n > engine.limits().bufsize()) {
                ReferenceCountUtil.release(c);
                t.requestReceived = true;
                reply(413, true);
                return;
            }
            t.serviceBody.writeBytes(c.content());
        }
        ReferenceCountUtil.release(c);
        if (last) {
            t.requestReceived = true;
            runService(t);
        }
    }

    private void runService(HttpTxn t) {
        byte[] body = new byte[0];
        if (t.serviceBody != null) {
            body = new byte[t.serviceBody.readableBytes()];
            t.serviceBody.readBytes(body);
            t.serviceBody.release();
            t.serviceBody = null;
        }
        FullHttpResponse r;
        try {
            r = t.service.serve(new ServiceRequest(t.request, body, t.serviceProxy, t.source(), t));
        } catch (RuntimeException e) {
            runtime.messages().warning("service " + t.service.logName() + " failed: " + e);
            reply(500, true);
            return;
        }
        // a service asks to end the connection with its answer (the exporter's 400, as HAProxy's closes)
        sendReply(r, r.headers().containsValue(HttpHeaderNames.CONNECTION, "close", true), false);
    }

    /** A proxy's http-request rules, then its redirect rules. */
    private RuleOutcome requestRules(ProxySpec proxy) {
        HttpTxn t = txn;
        t.ruleProxy = proxy.name();
        RuleOutcome o = HttpRuleRunner.request(proxy.httpRules().request(), t.request, t);
        if (o.kind() == RuleOutcome.Kind.CONTINUE) { // use-service ends the rules too
            o = HttpRuleRunner.request(proxy.httpRules().redirects(), t.request, t);
        }
        return o;
    }

    /**
     * Response rules of one phase, the backend's first, then the frontend's (when they are two proxies).
     * Returns a reply that replaces the response, or null.
     */
    private RuleOutcome responseRules(HttpTxn t, HttpResponse r, boolean after) {
        ProxySpec be = t.backend() == null ? null : t.backend().spec();
        for (ProxySpec p : be == null || be == fe ? new ProxySpec[] {fe} : new ProxySpec[] {be, fe}) {
            java.util.List<bascule.model.HttpRule> rules = after ? p.httpRules().afterResponse()
                    : p.httpRules().response();
            if (rules.isEmpty()) {
                continue;
            }
            t.ruleProxy = p.name();
            RuleOutcome o = HttpRuleRunner.response(rules, r, t);
            if (o.isReply()) {
                return o;
            }
        }
        return RuleOutcome.CONTINUE;
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
            Http1Codecs.addServerSide(ch.pipeline(), engine.limits());
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
            t.connectedNanos = System.nanoTime();
            t.backend().traffic().bytes(true, t.requestWireBytes);
            server.traffic().bytes(true, t.requestWireBytes);
            t.serverChannel = ch;
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
            switch (why) {
                case NO_SERVER, CONNECT_FAILED -> t.end('S', 'C');
                case QUEUE_TIMEOUT -> t.end('s', 'Q');
                case CLIENT_GONE -> t.end('C', t.connector != null && t.connector.queueMillis() >= 0 ? 'Q' : 'C');
            }
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
        if (msg instanceof HttpError e) {
            ProtocolErrors.response(runtime, t, e, engine.limits().bufsize());
            if (t.responseStarted) {
                t.end('S', 'D');
                abort();
            } else {
                serverFailed(502);
            }
            return true;
        }
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
            t.responseHeadNanos = System.nanoTime();
            if (logging) {
                t.responseHeadBytes = HttpLogging.headSize(r);
            }
            HttpLogging.captureResponse(fe.log(), t, r);
            if (code == 101) {
                t.upgrading = true;
            } else {
                RuleOutcome o = responseRules(t, r, false);
                if (o.isReply()) {
                    // The server's response is replaced: what remains of it is dropped with its connection.
                    dropServerConnection();
                    t.end(o.local() ? 'L' : 'P', 'H');
                    sendReply(o.reply(), true, false);
                    return true;
                }
            }
            t.responseStarted = true;
            if (t.backend().spec().http().cookie() != null) {
                CookiePersistence.toResponse(t.backend().spec().http().cookie(), t, t.server(), r);
            }
            t.serverKeepAlive = HttpUtil.isKeepAlive(r);
            if (ConnectionHeaders.toClient(t, r)) {
                t.closeClient = true;
            }
            if (!t.upgrading) {
                RuleOutcome o = responseRules(t, r, true);
                if (o.isReply()) {
                    ReferenceCountUtil.release(o.reply()); // after-response rules cannot reply
                }
            }
            if (msg instanceof LastHttpContent) {
                snapshotConnections(t);
            }
            if (fe.log().logAsap() && !t.noLog && frontend.log().enabled()) {
                // the facts of now, but written at the end of this read, as HAProxy at the end of its pass
                uniqueId(t);
                t.earlyLog = HttpLogging.entry(t, client, frontend, runtime, fe.log());
            }
            count(false, HttpLogging.wireSize(r));
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
                t.end('S', 'D');
                abort();
                return true;
            }
            int n = c.content().readableBytes();
            t.responseBytes += n;
            count(false, n);
            boolean last = c instanceof LastHttpContent;
            if (last) {
                snapshotConnections(t);
            }
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
            t.end('S', 'D');
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
            t.end('S', 'D');
            abort();
            return;
        }
        t.end(status == 504 ? 's' : 'S', 'H');
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
        for (String name : new String[] {Http1Codecs.VALIDATOR, Http1Codecs.DECODER, Http1Codecs.ENCODER}) {
            if (client.pipeline().get(name) != null) {
                client.pipeline().remove(name);
            }
        }
        for (String name : new String[] {Http1Codecs.VALIDATOR, Http1Codecs.CLIENT_CODEC}) {
            if (server.pipeline().get(name) != null) {
                server.pipeline().remove(name);
            }
        }
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
            t.backend().latency().recordNanos(System.nanoTime() - t.startNanos);
            runtime.streamClosed(t);
            t.server().release();
            t.backend().streamLeft();
        }
        log(t); // as HAProxy: once server and backend let the stream go, while the frontend still counts it
        idleSinceNanos = System.nanoTime();
        idleSinceMillis = System.currentTimeMillis();
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
        ErrorPage page = engine.errorPage(fe.name(), txn == null ? null : txn.backendName(), status);
        if (txn == null) {
            errorAndClose(status);
            return;
        }
        if (page.silent()) {
            txn.closeClient = true;
            dropRequestRest(txn);
            endTransaction(txn);
            return;
        }
        sendReply(Replies.of(page, true, false), close || !page.keepsAlive(true), false);
    }

    /**
     * Sends a response the proxy made (an error page, or a rule's deny/return/redirect/auth) for the
     * current transaction, after the after-response rules, then ends the transaction. A reply sent before
     * the request's body was all read closes the connection: the rest cannot be told from a next request.
     */
    private void sendReply(FullHttpResponse r, boolean close, boolean tarpit) {
        HttpTxn t = txn;
        dropRequestRest(t);
        if (close || !t.requestReceived) {
            t.closeClient = true;
        }
        RuleOutcome after = responseRules(t, r, true);
        if (after.isReply()) {
            ReferenceCountUtil.release(after.reply());
        }
        if (logging) {
            t.responseHeadBytes = HttpLogging.headSize(r);
        }
        t.responseBytes = r.content().readableBytes();
        boolean http10 = t.clientVersion.equals(HttpVersion.HTTP_1_0);
        r.headers().remove(HttpHeaderNames.CONNECTION);
        if (t.closeClient && !http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
        } else if (!t.closeClient && http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        }
        r.setProtocolVersion(http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1);
        t.setResponse(r);
        t.responseStarted = true;
        snapshotConnections(t);
        count(false, HttpLogging.wireSize(r) + r.content().readableBytes());
        long hold = tarpit ? fe.timeouts().tarpitHold() : 0;
        if (hold > 0) {
            client.eventLoop().schedule(() -> {
                if (client.isActive()) {
                    client.writeAndFlush(r);
                    endTransaction(t);
                } else {
                    ReferenceCountUtil.release(r);
                }
            }, hold, TimeUnit.MILLISECONDS);
            return;
        }
        client.writeAndFlush(r);
        endTransaction(t);
    }

    /** Drops the parts of the current request already read; marks the request received if its end was. */
    private void dropRequestRest(HttpTxn t) {
        if (t.requestReceived || t.server() != null) {
            return;
        }
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

    /**
     * Answers an error found by the HTTP parser, or a first request that never came (408), and closes.
     * HAProxy sends its parser errors verbatim whatever the error files say; the other codes of the strict
     * parser (422, 501, 505) get the proxy's page.
     */
    private void errorAndClose(int status) {
        closing = true;
        if (status != 408 || !firstRequest) {
            frontend.http().request();
            frontend.http().error();
        }
        frontend.http().response(status);
        bascule.proxy.StreamLog log = frontend.log();
        if (log.enabled()) {
            log.emit(HttpLogging.badRequest(client, frontend, runtime, status, status == 408 ? 'c' : 'P',
                    idleSinceNanos, idleSinceMillis, status == 408 && firstRequest ? 0 : 1));
        }
        io.netty.channel.ChannelFuture f;
        if (status == 400 || status == 408 || status == 414 || status == 431) {
            io.netty.channel.ChannelHandlerContext codec = client.pipeline().context(Http1Codecs.ENCODER);
            io.netty.buffer.ByteBuf bytes = io.netty.buffer.Unpooled.wrappedBuffer(ErrorPages.parserError(status));
            // Written below the encoder: these bytes are already a complete response.
            f = codec != null ? codec.writeAndFlush(bytes) : client.writeAndFlush(bytes);
        } else {
            f = client.writeAndFlush(Replies.of(engine.errorPage(fe.name(), null, status), false, false));
        }
        f.addListener(ChannelFutureListener.CLOSE);
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
        if (t != null && t.serviceBody != null) {
            t.serviceBody.release();
            t.serviceBody = null;
        }
        if (t != null) {
            t.end('C', !t.requestReceived ? 'R' : t.responseStarted ? 'D' : t.server() != null ? 'H' : 'C');
        }
        if (t != null && t.server() != null) {
            endTransaction(t);
        } else if (t != null) {
            log(t);
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
                    errorAndClose(408);
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
                t.end('s', 'D');
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

    /**
     * Notes the process and frontend connection counts for the log line before the response's end is
     * written: once the client has it, it may open its next connection, which must not be counted.
     */
    private void snapshotConnections(HttpTxn t) {
        t.actconnAtEnd = runtime.activeStreams();
        t.feconnAtEnd = frontend.currentConnections();
    }

    /** Counts a finished transaction in the stats and hands its line to the frontend's log, once. */
    private void log(HttpTxn t) {
        if (t.logged) {
            return;
        }
        t.logged = true;
        count(t);
        if (t.noLog) {
            return;
        }
        if (t.earlyLog != null) {
            logEarly(t);
        }
        bascule.proxy.StreamLog log = frontend.log();
        if (log.enabled() && !t.loggedEarly) {
            uniqueId(t);
            log.emit(HttpLogging.entry(t, client, frontend, runtime, fe.log()));
        }
    }

    /** The server connection's current read is done: an {@code option logasap} line waiting for it goes. */
    void serverReadComplete(Channel ch) {
        HttpTxn t = txn;
        if (t != null && t.earlyLog != null && ch == serverChannel) {
            logEarly(t);
        }
    }

    /**
     * {@code option logasap}: the line goes once the server's response head is through the rules and the read
     * that brought it is handled, with the time and bytes so far (the body that came with the head included,
     * as HAProxy counts it); the end of the transaction then writes nothing more.
     */
    private void logEarly(HttpTxn t) {
        bascule.logformat.LogEntry e = t.earlyLog;
        t.earlyLog = null;
        t.loggedEarly = true;
        e.early = true;
        e.bytesOut = t.responseHeadBytes + t.responseBytes;
        e.tt = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t.acceptNanos);
        frontend.log().emit(e);
    }

    /**
     * The transaction's {@code unique-id-format} id, made on first need as HAProxy does: once the request
     * rules of the frontend and the backend have run (so {@code %ID} is empty in their header formats), or at
     * the latest for the log line. Null when the frontend has no such format.
     */
    private String uniqueId(HttpTxn t) {
        if (t.uniqueId == null && fe.http().uniqueIdFormat() != null) {
            t.uniqueId = fe.http().uniqueIdFormat().render(t);
        }
        return t.uniqueId;
    }

    /** The HTTP counters of a finished transaction: responses by class, denials, interceptions, aborts. */
    private void count(HttpTxn t) {
        int status = t.response != null ? t.response.status().code() : 0;
        HttpCounters fe = frontend.http();
        if (status > 0) {
            fe.response(status);
        }
        if (t.failedRewrite) {
            fe.failedRewrite();
            if (t.backend() != null) {
                t.backend().http().failedRewrite();
            }
        } else if (t.endCause == 'P' && (t.endPhase == 'R' || t.endPhase == 'T')) {
            fe.denied();
        }
        if (t.noLog || t.endCause == 'L') {
            fe.intercepted();
        }
        Server server = t.server();
        if (t.backend() != null && server != null) {
            countServed(t.backend().http(), t, status);
            countServed(server.http(), t, status);
        }
    }

    /** A transaction a server served, in the backend's or the server's counters. */
    private static void countServed(HttpCounters c, HttpTxn t, int status) {
        c.request();
        if (status > 0) {
            c.response(status);
        }
        if (t.endCause == 'C') {
            c.clientAbort();
        } else if (t.endCause == 'S' && t.endPhase == 'D') {
            c.serverAbort();
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
