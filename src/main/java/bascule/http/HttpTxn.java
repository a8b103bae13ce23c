package bascule.http;

import bascule.proxy.Backend;
import bascule.proxy.Frontend;
import bascule.proxy.Server;
import bascule.proxy.StreamContext;
import bascule.sample.HttpMessageView;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * One HTTP transaction (a request and its response) as the rules and fetches see it: the request head as
 * received and then rewritten, the response head once it arrived, the backend and server chosen, and the
 * facts the log line needs.
 */
final class HttpTxn extends StreamContext implements RuleContext, bascule.logformat.LogEntrySource {
    final HttpRequest request;
    final long startNanos = System.nanoTime();
    final boolean clientKeepAlive;
    private final MessageView requestView;
    private MessageView responseView;
    HttpResponse response;
    /** The server named by the request's persistence cookie, if any (valid or not). */
    Server cookieServer;
    /** True once the request's last content went to the server (or it had no body). */
    boolean requestSent;
    /** True once the request's last content arrived from the client. */
    boolean requestReceived;
    /** True while the server answers 1xx (other than 101): its end is not the transaction's end. */
    boolean informational;
    boolean upgrading;
    boolean responseStarted;
    /** The client must be closed after this response (no keep-alive or an unknown-length body). */
    boolean closeClient;
    boolean reusedConnection;
    /** The server's response allowed keep-alive (before its hop-by-hop headers were rewritten). */
    boolean serverKeepAlive;
    /** The request's version as the client sent it (the server always gets HTTP/1.1). */
    final io.netty.handler.codec.http.HttpVersion clientVersion;
    /** The built-in service answering this request (stats page, use-service), or null. */
    HttpService service;
    /** The proxy whose stats page or use-service rule chose {@link #service}. */
    bascule.model.ProxySpec serviceProxy;
    /** The request body collected for {@link #service}. */
    io.netty.buffer.ByteBuf serviceBody;
    /** When the connection was accepted, or the previous transaction ended (HAProxy's accept date). */
    long acceptNanos;
    long acceptEpochMillis;
    final long requestEpochMillis = System.currentTimeMillis();
    /** The request target as received, before rules rewrote it (what {@code %r} shows). */
    final String originalUri;
    long requestCounter;
    bascule.proxy.ServerConnector connector;
    long connectedNanos;
    /** The server connection that served this transaction (for {@code %bi:%bp} and {@code %si:%sp}). */
    Channel serverChannel;
    long responseHeadNanos;
    long requestHeadBytes;
    long requestWireBytes;
    long responseHeadBytes;
    /** Termination state letters ({@code %ts}); the first cause set is the one logged. */
    char endCause = '-';
    char endPhase = '-';
    /** Persistence cookie letters of {@code %tsc}, 0 when the backend has no cookie. */
    char cookieRequest;
    char cookieResponse;
    String capturedRequestCookie;
    String capturedResponseCookie;
    /** Connection counts noted just before the response's end went out ({@code %ac}, {@code %fc}); -1 unset. */
    int actconnAtEnd = -1;
    int feconnAtEnd = -1;
    /** Monitor requests are never logged. */
    boolean noLog;
    /** {@code option logasap} wrote the line when the response head went through. */
    boolean loggedEarly;
    /** {@code option logasap}: the line taken at the response head, due at the end of the current read. */
    bascule.logformat.LogEntry earlyLog;
    /** A rule could not rewrite the message (HAProxy's failed rewrite: 500, counted in wrew). */
    boolean failedRewrite;
    boolean logged;
    long requestBytes;
    long responseBytes;

    private final Userlists userlists;
    private final HttpEngine engine;
    /** The proxy whose rules run now ({@code auth}'s default realm). */
    String ruleProxy;
    String logLevel;
    /** {@code unique-id-format} rendered for this request ({@code %ID}), or null. */
    String uniqueId;
    final java.util.Map<Integer, String> requestCaptures = new java.util.TreeMap<>();
    final java.util.Map<Integer, String> responseCaptures = new java.util.TreeMap<>();

    private final bascule.proxy.ProxyRuntime runtime;

    HttpTxn(Channel client, Frontend frontend, HttpRequest request, boolean clientKeepAlive, HttpEngine engine,
            bascule.proxy.ProxyRuntime runtime) {
        super(client, frontend);
        this.engine = engine;
        this.runtime = runtime;
        this.userlists = engine.userlists();
        this.ruleProxy = frontend.name();
        this.request = request;
        this.originalUri = request.uri();
        this.clientVersion = request.protocolVersion();
        this.requestView = new MessageView(request);
        this.clientKeepAlive = clientKeepAlive;
        this.closeClient = !clientKeepAlive;
    }

    /**
     * What the log line would say now, for formats with variables in header values and the like. As in
     * HAProxy, the request counts as not yet complete ({@code %TR} -1) and nothing uploaded until a response
     * exists.
     */
    @Override
    public bascule.logformat.LogEntry logEntryNow() {
        bascule.logformat.LogEntry e = HttpLogging.entry(this, clientChannel(), frontend(), runtime,
                frontend().spec().log());
        if (response == null) {
            e.tR = -1;
            e.bytesIn = 0;
        }
        return e;
    }

    @Override
    public HttpMessageView request() {
        return requestView;
    }

    @Override
    public HttpMessageView response() {
        return responseView;
    }

    @Override
    public String authenticatedUser(String userlist) {
        String authorization = request.headers().get(io.netty.handler.codec.http.HttpHeaderNames.AUTHORIZATION);
        return authorization == null ? null : userlists.authenticate(userlist, authorization);
    }

    @Override
    public java.util.Set<String> groupsOf(String userlist, String user) {
        return userlists.groups(userlist, user);
    }

    @Override
    public String proxyName() {
        return ruleProxy;
    }

    @Override
    public io.netty.handler.codec.http.FullHttpResponse errorPage(int status) {
        return Replies.of(engine.errorPage(frontendName(), backendName(), status), true, false);
    }

    @Override
    public void setLogLevel(String level) {
        this.logLevel = level;
    }

    @Override
    public void capture(int slot, String value, boolean response) {
        (response ? responseCaptures : requestCaptures).put(slot, value);
    }

    /** Sets the termination state unless one is set. */
    void end(char cause, char phase) {
        if (endCause == '-' && endPhase == '-') {
            endCause = cause;
            endPhase = phase;
        }
    }

    void setResponse(HttpResponse r) {
        this.response = r;
        this.responseView = r == null ? null : new MessageView(r);
    }

    void setBackend(Backend b) {
        this.backend = b;
    }

    Backend backend() {
        return backend;
    }

    void setServer(Server s) {
        this.server = s;
    }

    Server server() {
        return server;
    }
}
