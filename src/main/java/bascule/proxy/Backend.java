package bascule.proxy;

import bascule.lb.LbRequest;
import bascule.lb.LbServer;
import bascule.lb.LoadBalancer;
import bascule.lb.LoadBalancers;
import bascule.model.ProxySpec;
import bascule.model.ServerSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live side of a backend: its servers, its balancing algorithm and its queue. When every usable server
 * is at its {@code maxconn}, new streams wait in the queue (bounded in time by {@code timeout queue}) and
 * take the next slot that frees up, in arrival order.
 */
public final class Backend {
    private final ProxySpec spec;
    /**
     * The servers, declaration order then dynamic ones in order of addition: an immutable snapshot replaced
     * whole (with the balancer built over it) when {@code add server} or {@code del server} changes the set,
     * so readers on any thread never lock and never see a half-made change.
     */
    private volatile List<Server> servers;
    private volatile LoadBalancer balancer;
    private final ConcurrentLinkedQueue<Waiter> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder noServer = new LongAdder();
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger maxQueued = new AtomicInteger();
    private final Traffic traffic = new Traffic();
    private final HttpCounters http = new HttpCounters();
    private final ErrorCaptures errors = new ErrorCaptures();
    private final LongAdder failedConnections = new LongAdder();
    private final SlidingAverage queueTime = new SlidingAverage();
    private final SlidingAverage connectTime = new SlidingAverage();
    private final SlidingAverage totalTime = new SlidingAverage();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final StateHistory history;
    private final Messages messages;
    private final java.util.concurrent.ScheduledExecutorService scheduler;
    private final java.util.concurrent.atomic.AtomicBoolean ramping = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean hadServer = true;

    /** A stream waiting for a server slot. {@link #offer} is called once, on any thread, if it is still waiting. */
    interface Waiter {
        /** Hands a server whose slot was already taken; returns false if the waiter gave up meanwhile. */
        boolean offer(Server server);

        /** What the balancer may hash on for this stream (a queued stream keeps its source). */
        LbRequest request();
    }

    /** Outcome of {@link #take}: a server (slot taken), or why there is none. */
    record Choice(Server server, boolean queue) {
        static final Choice NONE = new Choice(null, false);
        static final Choice QUEUE = new Choice(null, true);
    }

    Backend(ProxySpec spec, Map<String, InetAddress> resolved, Messages messages,
            java.util.concurrent.ScheduledExecutorService scheduler) throws UnknownHostException {
        this.spec = spec;
        this.messages = messages;
        this.scheduler = scheduler;
        List<Server> list = new ArrayList<>();
        for (ServerSpec s : spec.servers()) {
            InetAddress ip = resolved.get(s.host());
            if (ip == null) {
                ip = InetAddress.getByName(s.host());
            }
            list.add(new Server(s, this, new InetSocketAddress(ip, s.port())));
        }
        this.servers = Collections.unmodifiableList(list);
        this.balancer = balancerFor(servers);
        for (var rule : spec.http().useServers()) {
            Server named = server(rule.server());
            if (named != null) {
                named.markReferenced();
            }
        }
        int[] counts = usableCounts();
        this.history = new StateHistory(counts[0] + counts[1] > 0);
    }

    public String name() {
        return spec.name();
    }

    private LoadBalancer balancerFor(List<Server> list) {
        return LoadBalancers.create(spec.balance().forMode(spec.mode()), spec.hashType(), list, spec.allBackups());
    }

    /**
     * True when the balancing algorithm can take servers added at run time, as HAProxy's dynamic algorithms
     * can: {@code roundrobin}, {@code leastconn}, {@code first}, {@code random} and consistent hashing; the
     * map-based ones ({@code static-rr}, hashing with {@code hash-type map-based}) cannot.
     */
    public boolean supportsDynamicServers() {
        return switch (spec.balance().forMode(spec.mode()).algorithm()) {
            case ROUNDROBIN, LEASTCONN, FIRST, RANDOM -> true;
            case STATIC_RR -> false;
            case SOURCE, URI, URL_PARAM, HDR, HASH -> spec.hashType() != null && spec.hashType().consistent();
        };
    }

    /** The smallest server id no server of this backend uses, which HAProxy gives a dynamic server. */
    public synchronized int nextFreeId() {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (Server s : servers) {
            used.add(s.id());
        }
        int id = 1;
        while (used.contains(id)) {
            id++;
        }
        return id;
    }

    /**
     * {@code add server}: a new server in maintenance, appended to the set. The caller checked that the name
     * and id are free and that the algorithm takes dynamic servers.
     */
    public synchronized Server addServer(ServerSpec serverSpec, InetSocketAddress address) {
        Server s = new Server(serverSpec, this, address, true);
        List<Server> next = new ArrayList<>(servers);
        next.add(s);
        List<Server> snapshot = Collections.unmodifiableList(next);
        LoadBalancer lb = balancerFor(snapshot);
        servers = snapshot;
        balancer = lb;
        return s;
    }

    /**
     * {@code del server}: removes a server (the caller checked it is in maintenance) that holds no connection;
     * false when connections remain. Streams queued in the backend wait for any server, not this one, so they
     * do not hold it. The server stops tracking whatever it tracked.
     */
    public synchronized boolean removeServer(Server s) {
        if (!servers.contains(s) || !s.markDeleted()) {
            return false;
        }
        List<Server> next = new ArrayList<>(servers);
        next.remove(s);
        List<Server> snapshot = Collections.unmodifiableList(next);
        LoadBalancer lb = balancerFor(snapshot);
        servers = snapshot;
        balancer = lb;
        Server target = s.tracked();
        if (target != null) {
            target.removeTracker(s);
        }
        return true;
    }

    /** Where this backend's process messages go. */
    public Messages messages() {
        return messages;
    }

    public ProxySpec spec() {
        return spec;
    }

    public List<Server> servers() {
        return servers;
    }

    public Server server(String name) {
        for (Server s : servers) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    public int queued() {
        return queued.get();
    }

    public long noServerCount() {
        return noServer.sum();
    }

    /** Streams on this backend now: waiting in the queue, connecting or established ({@code scur}). */
    public int currentSessions() {
        return current.get();
    }

    public int maxQueued() {
        return maxQueued.get();
    }

    /** HTTP request and response counters ({@code req_tot}, {@code hrsp_*}…). */
    public HttpCounters http() {
        return http;
    }

    /** The last invalid response this backend's servers sent ({@code show errors}). */
    public ErrorCaptures errors() {
        return errors;
    }

    public Traffic traffic() {
        return traffic;
    }

    /**
     * Streams that ended without a server connection: none usable, queue timeout, or every retry failed
     * ({@code econ} of the backend).
     */
    public long failedConnections() {
        return failedConnections.sum();
    }

    public SlidingAverage queueTime() {
        return queueTime;
    }

    public SlidingAverage connectTime() {
        return connectTime;
    }

    public SlidingAverage totalTime() {
        return totalTime;
    }

    /** How long the streams served here lived, by bucket (Bascule's histogram; HAProxy has only averages). */
    public LatencyHistogram latency() {
        return latency;
    }

    /** When the backend last gained or lost its last usable server, and its down time. */
    public StateHistory history() {
        return history;
    }

    /** A stream was routed here. */
    public void streamAssigned() {
        traffic.sessionStarted(current.incrementAndGet());
    }

    /** A stream routed here ended. */
    public void streamLeft() {
        current.decrementAndGet();
    }

    public void connectionFailed() {
        failedConnections.increment();
    }

    /** {@code clear counters} (maxima) or {@code clear counters all}. */
    public void clearCounters(boolean all) {
        maxQueued.set(0);
        if (all) {
            traffic.clearAll();
            http.clearAll();
            failedConnections.reset();
            noServer.reset();
            queueTime.clear();
            connectTime.clear();
            totalTime.clear();
            latency.clear();
            history.clear();
        } else {
            traffic.clearMax();
            http.clearMax();
            queueTime.clearMax();
            connectTime.clearMax();
            totalTime.clearMax();
        }
        for (Server s : servers) {
            s.clearCounters(all);
        }
    }

    /** Number of usable active servers, and backups (a server at weight 0 takes no traffic: not counted). */
    public int[] usableCounts() {
        int active = 0;
        int backup = 0;
        for (Server s : servers) {
            if (s.isUsable() && s.configuredWeight() > 0) {
                if (s.isBackup()) {
                    backup++;
                } else {
                    active++;
                }
            }
        }
        return new int[] {active, backup};
    }

    /**
     * Picks a server and takes a slot on it. Servers that are full are passed over in favour of others;
     * if every usable server is full the answer is QUEUE, and if none is usable it is NONE.
     */
    Choice take(LbRequest request, Server avoid) {
        LbServer first = balancer.pick(request, avoid);
        if (first == null) {
            // The balancer passes over full servers: if any server could take traffic, they are all full.
            for (Server s : servers) {
                if (s.isUsable() && s.weight() > 0) {
                    return Choice.QUEUE;
                }
            }
            noServer.increment();
            return Choice.NONE;
        }
        Server s = (Server) first;
        if (s.tryAcquire()) {
            s.selectedByBalancer();
            return new Choice(s, false);
        }
        // The chosen server filled up meanwhile (or the algorithm keeps a full server on purpose, as
        // source hashing does): wait for a slot rather than break stickiness or the backup rules.
        return Choice.QUEUE;
    }

    void enqueue(Waiter w) {
        queue.add(w);
        int q = queued.incrementAndGet();
        if (q > maxQueued.get()) {
            maxQueued.accumulateAndGet(q, Math::max);
        }
        slotFreed(); // a slot may have freed between take() and enqueue()
    }

    /** Removes a waiter that gave up (timeout, client gone). */
    void dequeue(Waiter w) {
        if (queue.remove(w)) {
            queued.decrementAndGet();
        }
    }

    void slotFreed() {
        while (!queue.isEmpty()) {
            Waiter head = queue.peek();
            Choice c = take(head == null ? LbRequest.NONE : head.request(), null);
            if (c.server() == null) {
                return;
            }
            Waiter w = queue.poll();
            if (w == null) {
                c.server().release();
                return;
            }
            queued.decrementAndGet();
            if (!w.offer(c.server())) {
                c.server().release();
            }
        }
    }

    /**
     * A server came UP with {@code slowstart}: its effective weight grows with time, so the balancer is
     * refreshed in small steps (20 per ramp, at least 50 ms apart) until no server is ramping any more.
     */
    void rampStarted(long slowstartMillis) {
        if (!ramping.compareAndSet(false, true)) {
            return;
        }
        long step = Math.max(50, slowstartMillis / 20);
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            balancer.update();
            if (servers.stream().anyMatch(Server::isRamping)) {
                scheduler.schedule(tick[0], step, java.util.concurrent.TimeUnit.MILLISECONDS);
            } else {
                ramping.set(false);
                balancer.update();
            }
        };
        scheduler.schedule(tick[0], step, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Called by a server whose health, admin state or weight changed. */
    void serverChanged() {
        balancer.update();
        int[] counts = usableCounts();
        boolean has = counts[0] + counts[1] > 0;
        history.set(has);
        if (!has && hadServer) {
            // HAProxy names the section type: "backend" for a backend, "proxy" for a listen section.
            messages.alert((spec.kind() == bascule.model.ProxyKind.LISTEN ? "proxy " : "backend ") + name()
                    + " has no server available!");
        }
        hadServer = has;
        slotFreed();
    }
}
