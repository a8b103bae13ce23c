package bascule.proxy;

import bascule.model.BindSpec;
import bascule.model.Model;
import bascule.model.ProxySpec;
import bascule.model.ServerSpec;
import bascule.tcp.TcpStream;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model made live: backends with their servers, frontends, listeners, and the global connection limit.
 * Built from an immutable {@link Model}; started once; stopped softly (let streams finish) or hard.
 */
public final class ProxyRuntime {
    private final Model model;
    private final Transport transport;
    private final EventLoopGroup group;
    private final Messages messages;
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final Map<String, Frontend> frontends = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final ConnectionLimiter globalLimiter;
    private final ConcurrentLinkedQueue<Parked> parked = new ConcurrentLinkedQueue<>();
    private final Map<Object, Session> sessions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong sessionIds = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong requestIds = new java.util.concurrent.atomic.AtomicLong();
    /** Invalid messages captured so far ({@code show errors} numbers them from 0). */
    private final java.util.concurrent.atomic.AtomicInteger errorEvents = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final Traffic traffic = new Traffic();
    private final int hardMaxconn;
    /** Global {@code maxconnrate} and {@code maxsessrate}: connections and sessions let in per second. */
    private final AcceptRate connRate;
    private final AcceptRate sessRate;
    /** A timer is armed to let connections in again once the rates have room. */
    private final java.util.concurrent.atomic.AtomicBoolean rateTimer = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean stopping;
    private volatile CountDownLatch drained;

    private record Parked(Channel channel, java.util.function.Consumer<Runnable> starter, Listener listener) {
    }

    /**
     * Runs the accepted connections of HTTP-mode frontends. Implemented by the HTTP package (wired by the
     * instance), so that this package does not depend on it.
     */
    public interface HttpEngine {
        /**
         * Installs the HTTP handlers on a just-accepted client, before it reads, and returns what starts the
         * session once the connection limits let it in; the session calls the given release action once
         * when the connection ends.
         */
        java.util.function.Consumer<Runnable> install(ProxyRuntime runtime, Channel client, Frontend frontend);
    }

    private HttpEngine httpEngine;

    private ProxyRuntime(Model model, Transport transport, EventLoopGroup group, Messages messages) {
        this.model = model;
        this.transport = transport;
        this.group = group;
        this.messages = messages;
        this.hardMaxconn = globalMaxconn(model.global().maxconn());
        this.globalLimiter = new ConnectionLimiter(hardMaxconn);
        this.connRate = new AcceptRate(model.global().maxConnRate());
        this.sessRate = new AcceptRate(model.global().maxSessRate());
    }

    /** Builds the runtime: resolves server names (a failure is fatal, as HAProxy's default init-addr is). */
    public static ProxyRuntime build(Model model, Transport transport, EventLoopGroup group, Messages messages,
                                     HttpEngine httpEngine) throws UnknownHostException {
        return build(model, transport, group, messages, httpEngine, p -> StreamLog.NONE);
    }

    /** As above, with each frontend's stream log made by {@code logs}. */
    public static ProxyRuntime build(Model model, Transport transport, EventLoopGroup group, Messages messages,
                                     HttpEngine httpEngine, java.util.function.Function<ProxySpec, StreamLog> logs)
            throws UnknownHostException {
        ProxyRuntime r = new ProxyRuntime(model, transport, group, messages);
        r.httpEngine = httpEngine;
        Map<String, InetAddress> resolved = new HashMap<>();
        for (ProxySpec p : model.backends()) {
            for (ServerSpec s : p.servers()) {
                if (!resolved.containsKey(s.host())) {
                    try {
                        resolved.put(s.host(), InetAddress.getByName(s.host()));
                    } catch (UnknownHostException e) {
                        throw new UnknownHostException(s.position() + ": could not resolve address '" + s.host()
                                + "' of server " + p.name() + "/" + s.name());
                    }
                }
            }
            r.backends.put(p.name(), new Backend(p, resolved, messages, group));
        }
        for (Backend b : r.backends.values()) {
            for (Server s : b.servers()) {
                String t = s.spec().track();
                if (t != null) {
                    int slash = t.indexOf('/');
                    Backend tb = slash < 0 ? b : r.backends.get(t.substring(0, slash));
                    Server target = tb.server(slash < 0 ? t : t.substring(slash + 1));
                    target.addTracker(s);
                    s.setHealthy(target.isHealthy());
                }
            }
        }
        for (ProxySpec p : model.frontends()) {
            String target = p.defaultBackend();
            if (target == null && p.kind().isBackend()) {
                target = p.name();
            }
            Frontend fe = new Frontend(p, target == null ? null : r.backends.get(target),
                    java.util.Collections.unmodifiableMap(r.backends));
            fe.setLog(logs.apply(p));
            r.frontends.put(p.name(), fe);
            for (BindSpec b : p.binds()) {
                Listener l = new Listener(b, fe);
                r.listeners.add(l);
            }
        }
        return r;
    }

    /** HAProxy derives the default global maxconn from the file-descriptor limit; so do we. */
    private static int globalMaxconn(int configured) {
        if (configured > 0) {
            return configured;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            long fds = u.getMaxFileDescriptorCount();
            if (fds > 0) {
                return (int) Math.max(100, Math.min(Integer.MAX_VALUE, (fds - 200) / 2));
            }
        }
        return 4096;
    }

    public Model model() {
        return model;
    }

    public Transport transport() {
        return transport;
    }

    public Messages messages() {
        return messages;
    }

    public Map<String, Backend> backends() {
        return backends;
    }

    /** The next HTTP request's number ({@code %rt}), counted over the whole runtime from 0. */
    public long nextRequestId() {
        return requestIds.getAndIncrement();
    }

    /** The number of the next invalid message captured for {@code show errors}. */
    public int nextErrorEvent() {
        return errorEvents.getAndIncrement();
    }

    /** How many invalid messages were captured so far. */
    public int errorEvents() {
        return errorEvents.get();
    }

    public Map<String, Frontend> frontends() {
        return frontends;
    }

    public int globalMaxconn() {
        return globalLimiter.limit();
    }

    /** The process {@code maxconn} set at start; {@code set maxconn global} may not go above it. */
    public int hardMaxconn() {
        return hardMaxconn;
    }

    /**
     * Changes the process {@code maxconn} (runtime API {@code set maxconn global}); 0 or less means the
     * hard limit again. Connections waiting for a slot are let in if the new limit has room.
     */
    public void setGlobalMaxconn(int max) {
        globalLimiter.setLimit(max <= 0 ? hardMaxconn : Math.min(max, hardMaxconn));
        limitsChanged();
    }

    /** Global {@code maxconnrate} now (0 = none), as {@code show info} reports it ({@code ConnRateLimit}). */
    public int connRateLimit() {
        return connRate.limit();
    }

    /** Global {@code maxsessrate} now (0 = none), as {@code show info} reports it ({@code SessRateLimit}). */
    public int sessRateLimit() {
        return sessRate.limit();
    }

    /** Runtime API {@code set rate-limit connections global <n>}; 0 removes the limit. */
    public void setConnRateLimit(int perSecond) {
        connRate.setLimit(perSecond);
        limitsChanged();
    }

    /** Runtime API {@code set rate-limit sessions global <n>}; 0 removes the limit. */
    public void setSessRateLimit(int perSecond) {
        sessRate.setLimit(perSecond);
        limitsChanged();
    }

    /** Changes a frontend's {@code maxconn} (runtime API; 0 = none). */
    public void setFrontendMaxconn(Frontend frontend, int max) {
        frontend.setMaxConnections(max);
        limitsChanged();
    }

    private void limitsChanged() {
        while (unpark()) {
            // let in every parked connection the new limits allow
        }
        refreshAccepting();
    }

    /** Connections accepted since start ({@code CumConns}), the connection rate and the most at once. */
    public Traffic traffic() {
        return traffic;
    }

    /** Connections accepted and not closed yet, parked ones included ({@code CurrConns}). */
    public int currentConnections() {
        return active.get();
    }

    /** Bound listening sockets ({@code Listeners} of {@code show info}). */
    public int listenerCount() {
        int n = 0;
        for (Listener l : listeners) {
            n += l.channels().size();
        }
        return n;
    }

    /** True once a soft stop began. */
    public boolean isStopping() {
        return stopping;
    }

    public int activeStreams() {
        return active.get();
    }

    /** Local addresses actually bound, in bind order (useful with port 0 in tests). */
    public List<java.net.SocketAddress> boundAddresses() {
        List<java.net.SocketAddress> out = new ArrayList<>();
        for (Listener l : listeners) {
            for (Channel c : l.channels()) {
                out.add(c.localAddress());
            }
        }
        return out;
    }

    /** Binds every listener; if one fails, unbinds the others and throws. */
    public void start() throws Listener.BindException {
        for (Listener l : listeners) {
            try {
                l.start(this, group);
            } catch (Listener.BindException e) {
                listeners.forEach(Listener::stop);
                throw e;
            }
            messages.notice("Proxy " + l.frontend().name() + " started.");
        }
    }

    void accepted(Channel ch, Listener listener) {
        traffic.sessionStarted(active.incrementAndGet());
        Frontend fe = listener.frontend();
        fe.log().accepted(ch);
        java.util.function.Consumer<Runnable> starter;
        if (fe.spec().mode() == bascule.model.Mode.HTTP) {
            starter = httpEngine.install(this, ch, fe);
        } else {
            TcpStream stream = new TcpStream(ch);
            ch.pipeline().addLast("relay", stream.clientHandler());
            starter = release -> new StreamStarter(this, ch, stream, fe,
                    fe.route(fe.spec().useBackends().isEmpty() ? null : new StreamContext(ch, fe)), release).start();
        }
        ch.closeFuture().addListener(f -> streamEnded());
        if (!tryLimits(listener)) {
            // Over a maxconn: hold the connection unread until a slot frees (the listener was accepting a
            // batch when the limit was reached; refreshAccepting stops it).
            ch.config().setAutoRead(false);
            parked.add(new Parked(ch, starter, listener));
            ch.closeFuture().addListener(f -> parked.removeIf(p -> p.channel() == ch));
            refreshAccepting();
            unpark(); // a slot may have freed between the failed acquire and the park
            return;
        }
        begin(ch, starter, listener);
        if (listener.limiter().isFull() || listener.frontend().limiter().isFull() || globalLimiter.isFull()
                || !connRate.hasRoom() || !sessRate.hasRoom()) {
            refreshAccepting();
        }
    }

    /**
     * Sets every listener to accept or not from the current counts: a listener accepts when its bind,
     * its frontend and the process all have room and no connection is waiting parked. Serialized, and
     * always run after the change it reacts to, so the last run sees the latest counts.
     */
    synchronized void refreshAccepting() {
        boolean ratesRoom = connRate.hasRoom() && sessRate.hasRoom();
        if (!ratesRoom) {
            armRateTimer();
        }
        boolean globalRoom = globalLimiter.hasRoom() && parked.isEmpty() && ratesRoom;
        for (Listener l : listeners) {
            l.setAccepting(globalRoom && l.limiter().hasRoom() && l.frontend().limiter().hasRoom());
        }
    }

    /**
     * The rates have no room: the window slides with time, not with connections closing, so a timer looks
     * again (one at a time) and lets parked connections in as room appears.
     */
    private void armRateTimer() {
        if (stopping || !rateTimer.compareAndSet(false, true)) {
            return;
        }
        long delay = Math.min(connRate.hasRoom() ? Long.MAX_VALUE : connRate.retryMillis(),
                sessRate.hasRoom() ? Long.MAX_VALUE : sessRate.retryMillis());
        try {
            group.next().schedule(() -> {
                rateTimer.set(false);
                limitsChanged();
            }, delay == Long.MAX_VALUE ? 1 : delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            rateTimer.set(false); // shutting down
        }
    }

    /**
     * Takes a slot in the process, frontend and bind limits. The per-second rates are only read here: a
     * connection counts against them once let in ({@link #begin}), so a parked one is not counted twice.
     */
    private boolean tryLimits(Listener listener) {
        if (!connRate.hasRoom() || !sessRate.hasRoom()) {
            return false;
        }
        if (!globalLimiter.tryAcquire()) {
            return false;
        }
        if (!listener.frontend().limiter().tryAcquire()) {
            globalLimiter.release();
            return false;
        }
        if (!listener.limiter().tryAcquire()) {
            listener.frontend().limiter().release();
            globalLimiter.release();
            return false;
        }
        return true;
    }

    private void begin(Channel ch, java.util.function.Consumer<Runnable> start, Listener listener) {
        // Bascule has no tcp-request connection rules yet, so every connection let in becomes a session.
        connRate.admitted();
        sessRate.admitted();
        Frontend fe = listener.frontend();
        fe.accepted();
        Runnable release = () -> {
            boolean wasFull = listener.limiter().release();
            wasFull |= fe.limiter().release();
            wasFull |= globalLimiter.release();
            unpark();
            if (wasFull) {
                refreshAccepting();
            }
        };
        Runnable starter = () -> start.accept(release);
        if (ch.eventLoop().inEventLoop()) {
            starter.run();
        } else {
            ch.eventLoop().execute(starter);
        }
    }

    /** Lets one parked connection in if the limits have room; returns true if one was. */
    private boolean unpark() {
        for (Parked p : parked) {
            if (tryLimits(p.listener())) {
                if (parked.remove(p)) {
                    p.channel().config().setAutoRead(true);
                    begin(p.channel(), p.starter(), p.listener());
                    if (parked.isEmpty()) {
                        refreshAccepting();
                    }
                    return true;
                }
                // Someone else took (or closed) this one meanwhile: give the slot back, try the next.
                p.listener().limiter().release();
                p.listener().frontend().limiter().release();
                globalLimiter.release();
            }
        }
        return false;
    }

    /**
     * Registers an established stream (keyed by {@code key}, its TCP stream or HTTP transaction) for
     * {@code show sess}, and with its server for {@code shutdown sessions}.
     */
    public Session streamStarted(Object key, Channel client, Runnable abort, Frontend frontend, Backend backend,
                                 Server server, long startNanos) {
        Session s = new Session(sessionIds.incrementAndGet(), client, abort, frontend, backend, server, startNanos);
        sessions.put(key, s);
        server.sessionStarted(s);
        return s;
    }

    /** Forgets a stream registered with {@link #streamStarted}. */
    public void streamClosed(Object key) {
        Session s = sessions.remove(key);
        if (s != null) {
            s.server().sessionEnded(s);
        }
    }

    private void streamEnded() {
        if (active.decrementAndGet() == 0) {
            CountDownLatch d = drained; // read after the decrement, so awaitDrained cannot miss it
            if (d != null) {
                d.countDown();
            }
        }
    }

    /** The established streams right now (a live view). */
    public java.util.Collection<TcpStream> streams() {
        List<TcpStream> out = new ArrayList<>();
        for (Object k : sessions.keySet()) {
            if (k instanceof TcpStream t) {
                out.add(t);
            }
        }
        return out;
    }

    /** The established sessions right now, with their frontend, backend and server (a live view). */
    public java.util.Collection<Session> sessions() {
        return java.util.Collections.unmodifiableCollection(sessions.values());
    }

    /** {@code clear counters} (maxima) or {@code clear counters all}, on every proxy and server. */
    public void clearCounters(boolean all) {
        if (all) {
            traffic.clearAll();
        } else {
            traffic.clearMax();
        }
        for (Frontend f : frontends.values()) {
            if (all) {
                f.traffic().clearAll();
                f.http().clearAll();
            } else {
                f.traffic().clearMax();
                f.http().clearMax();
            }
        }
        for (Backend b : backends.values()) {
            b.clearCounters(all);
        }
    }

    /** Stops accepting; existing streams go on. */
    public void stopListening() {
        stopping = true;
        listeners.forEach(Listener::stop);
    }

    /** Waits until every stream ended, at most {@code maxMillis} (0 = forever). Returns true if drained. */
    public boolean awaitDrained(long maxMillis) throws InterruptedException {
        CountDownLatch d = new CountDownLatch(1);
        drained = d;
        if (active.get() == 0) {
            return true;
        }
        if (maxMillis <= 0) {
            d.await();
            return true;
        }
        return d.await(maxMillis, TimeUnit.MILLISECONDS);
    }

    /** Closes every stream at once. */
    public void abortAll() {
        for (Session s : sessions.values()) {
            s.shutdown();
        }
    }
}
