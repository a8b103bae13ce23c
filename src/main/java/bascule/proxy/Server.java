package bascule.proxy;

import bascule.lb.LbServer;
import bascule.model.ServerSpec;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live side of one {@code server} line: its address, health, admin state, weight and connection
 * counters. Counters are atomics so every event loop can read and change them without locks.
 */
public final class Server implements LbServer {
    private final ServerSpec spec;
    private final Backend backend;
    private volatile InetSocketAddress address;
    private final AtomicInteger current = new AtomicInteger();
    private final Traffic traffic = new Traffic();
    private final HttpCounters http = new HttpCounters();
    private final LongAdder connectErrors = new LongAdder();
    private final LongAdder responseErrors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder redispatches = new LongAdder();
    private final LongAdder selected = new LongAdder();
    private final SlidingAverage queueTime = new SlidingAverage();
    private final SlidingAverage connectTime = new SlidingAverage();
    private final SlidingAverage totalTime = new SlidingAverage();
    private final StateHistory history;
    private final java.util.Set<Session> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.List<Server> trackers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile InetSocketAddress checkAddress;
    private volatile boolean healthy = true;
    private volatile boolean agentUp = true;
    /**
     * HAProxy's NOLB (operational state "stopping"): UP, but soft-stopped by an {@code http-check
     * disable-on-404} answer or {@code set server … health stopping}. Persistence still reaches it; the
     * balancer no longer does. Only meaningful while {@link #healthy}.
     */
    private volatile boolean stopping;
    private volatile AdminState admin;
    /** True while the server is still in the maintenance its {@code disabled} keyword put it in. */
    private volatile boolean maintFromConfig;
    private volatile int weight;
    /** The current maxconn (0 = no limit): the configured one until an agent's {@code maxconn:N} changes it. */
    private volatile int maxconn;
    /** When the server last came UP, for slowstart; 0 when not ramping. */
    private volatile long upSinceNanos;
    /** Added by the runtime API ({@code add server}), not read from the configuration. */
    private final boolean dynamic;
    /** True while a dynamic server is still in the maintenance it was created in. */
    private volatile boolean initialMaint;
    /** Set by {@code del server}: takes no new connection from then on. */
    private volatile boolean deleted;
    /** Once tracked by another server, HAProxy no longer lets {@code del server} remove it. */
    private volatile boolean referenced;
    private volatile Server tracked;

    Server(ServerSpec spec, Backend backend, InetSocketAddress address) {
        this(spec, backend, address, false);
    }

    /**
     * A dynamic server starts in maintenance, as HAProxy's {@code add server} creates it: the operator
     * enables it once it is ready (and its health check with {@code enable health}).
     */
    Server(ServerSpec spec, Backend backend, InetSocketAddress address, boolean dynamic) {
        this.spec = spec;
        this.backend = backend;
        this.address = address;
        this.dynamic = dynamic;
        this.initialMaint = dynamic;
        this.admin = spec.disabled() || dynamic ? AdminState.MAINT : AdminState.READY;
        this.maintFromConfig = spec.disabled();
        this.weight = spec.weight();
        this.maxconn = spec.maxconn();
        this.checkAddress = checkAddress(spec, address);
        this.history = new StateHistory(!spec.disabled() && !dynamic);
    }

    /** True for a server added with {@code add server}. */
    public boolean isDynamic() {
        return dynamic;
    }

    /** True while a dynamic server has not left the maintenance it was created in. */
    public boolean isInInitialMaint() {
        return initialMaint;
    }

    /** True once another server tracks this one, or a rule names it: {@code del server} refuses it then. */
    public boolean isReferenced() {
        return referenced;
    }

    /** A {@code use-server} rule names this server. */
    void markReferenced() {
        referenced = true;
    }

    /** True once {@code del server} removed this server. */
    public boolean isDeleted() {
        return deleted;
    }

    private static InetSocketAddress checkAddress(ServerSpec spec, InetSocketAddress address) {
        String host = spec.checks().addr();
        int port = spec.checks().port() > 0 ? spec.checks().port() : address.getPort();
        if (host == null) {
            return new InetSocketAddress(address.getAddress(), port);
        }
        return new InetSocketAddress(host, port); // resolved once, at build
    }

    /** Where health probes go: the server's address, or {@code addr}/{@code port} when set. */
    public InetSocketAddress checkAddress() {
        return checkAddress;
    }

    public ServerSpec spec() {
        return spec;
    }

    public Backend backend() {
        return backend;
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Moves the server to a new address (runtime API {@code set server … addr}). New connections go there;
     * live sessions stay where they are. Health probes follow unless the server has its own check {@code addr}
     * (a check {@code port} is kept). Agent checks keep the address they started with.
     */
    public void setAddress(InetSocketAddress newAddress) {
        address = newAddress;
        checkAddress = checkAddress(spec, newAddress);
        history.touch();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public int id() {
        return spec.id();
    }

    @Override
    public boolean isBackup() {
        return spec.backup();
    }

    /**
     * The effective weight: the configured (or agent/API-set) weight, ramped up linearly during
     * {@code slowstart} after the server came back UP, never below 1 while ramping (HAProxy's rule).
     */
    @Override
    public int weight() {
        int w = weight;
        long since = upSinceNanos;
        long slow = spec.slowstart();
        if (since != 0 && slow > 0 && w > 0) {
            long elapsedMs = (System.nanoTime() - since) / 1_000_000;
            if (elapsedMs < slow) {
                return (int) Math.max(1, w * elapsedMs / slow);
            }
            upSinceNanos = 0;
        }
        return w;
    }

    /** The weight set by configuration, agent or API, before slowstart. */
    public int configuredWeight() {
        return weight;
    }

    /** True while slowstart is still ramping this server's weight up. */
    public boolean isRamping() {
        return upSinceNanos != 0 && weight() < weight;
    }

    @Override
    public boolean isUsable() {
        return healthy && agentUp && !stopping && admin == AdminState.READY && !deleted;
    }

    /**
     * True when a persistence choice (a cookie, a {@code use-server} rule) may still send a stream here: the
     * server is running, even if drained or NOLB, as HAProxy lets persistence reach any server that is not
     * stopped (down or in maintenance).
     */
    public boolean acceptsPersistent() {
        return isRunning() && !deleted;
    }

    /** True while the server is NOLB: UP but soft-stopped, taking only persistent traffic. */
    public boolean isStopping() {
        return stopping && healthy && agentUp;
    }

    @Override
    public int currentConnections() {
        return current.get();
    }

    @Override
    public int maxConnections() {
        return maxconn;
    }

    /** Changes maxconn at runtime (an agent's {@code maxconn:N}; 0 = no limit); queued streams may take new slots. */
    public void setMaxConnections(int max) {
        if (maxconn != max) {
            maxconn = max;
            backend.slotFreed();
        }
    }

    public long totalConnections() {
        return traffic.sessions();
    }

    /** Sessions, bytes, rates of this server. */
    /** HTTP request and response counters ({@code req_tot}, {@code hrsp_*}…). */
    public HttpCounters http() {
        return http;
    }

    public Traffic traffic() {
        return traffic;
    }

    /** Connection retries made on this server ({@code wretr}). */
    public long retries() {
        return retries.sum();
    }

    /** Streams redispatched away from this server after it failed ({@code wredis}). */
    public long redispatches() {
        return redispatches.sum();
    }

    /** Times the balancer picked this server ({@code lbtot}). */
    public long timesSelected() {
        return selected.sum();
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

    /** Last state change, down time and down transitions ({@code lastchg}, {@code downtime}, {@code chkdown}). */
    public StateHistory history() {
        return history;
    }

    /** Running, as HAProxy's stats see it: healthy for checks and agent, and not in maintenance. */
    public boolean isRunning() {
        return healthy && agentUp && admin != AdminState.MAINT;
    }

    /** Slowstart's current share of the weight, in percent, or -1 when not ramping ({@code throttle}). */
    public int throttlePercent() {
        int w = weight;
        if (!isRamping() || w <= 0) {
            return -1;
        }
        return (int) Math.min(100, weight() * 100L / w);
    }

    void retried() {
        retries.increment();
    }

    void redispatched() {
        redispatches.increment();
    }

    void selectedByBalancer() {
        selected.increment();
    }

    /** {@code clear counters} (maxima) or {@code clear counters all}. */
    public void clearCounters(boolean all) {
        if (all) {
            traffic.clearAll();
            http.clearAll();
            connectErrors.reset();
            responseErrors.reset();
            retries.reset();
            redispatches.reset();
            selected.reset();
            queueTime.clear();
            connectTime.clear();
            totalTime.clear();
            history.clear();
        } else {
            traffic.clearMax();
            http.clearMax();
            queueTime.clearMax();
            connectTime.clearMax();
            totalTime.clearMax();
        }
    }

    /** Responses that failed (invalid, cut short, timed out): {@code eresp}. */
    public long responseErrors() {
        return responseErrors.sum();
    }

    /** A response from this server failed before it began. */
    public void failedResponse() {
        responseErrors.increment();
    }

    public long connectErrors() {
        return connectErrors.sum();
    }

    public boolean isHealthy() {
        return healthy;
    }

    public AdminState adminState() {
        return admin;
    }

    /** True while the server is in the maintenance {@code disabled} put it in at start (no one changed it since). */
    public boolean isMaintFromConfig() {
        return maintFromConfig;
    }

    /**
     * Changes health as the health check (or a tracked server) decides; returns true if it changed. The
     * backend's balancer is told, trackers follow, and the {@code on-marked-down}/{@code on-marked-up}
     * actions and {@code slowstart} apply. Marking a NOLB server healthy brings it fully UP (HAProxy's
     * {@code srv_set_running}), with the same effects as coming up from DOWN; marking it down ends NOLB too.
     */
    public boolean setHealthy(boolean up) {
        boolean wasStopping = isStopping();
        if (healthy == up && !(up && wasStopping)) {
            return false;
        }
        healthy = up;
        stopping = false;
        if (!history.set(isRunning()) && wasStopping) {
            history.touch(); // NOLB to UP is a state change too
        }
        if (up) {
            cameUp();
        }
        backend.serverChanged();
        if (!up && spec.onMarkedDown() == ServerSpec.OnMarkedDown.SHUTDOWN_SESSIONS) {
            shutdownSessions();
        }
        if (up && !spec.backup() && spec.onMarkedUp() == ServerSpec.OnMarkedUp.SHUTDOWN_BACKUP_SESSIONS) {
            for (Server s : backend.servers()) {
                if (s.isBackup()) {
                    s.shutdownSessions();
                }
            }
        }
        for (Server t : trackers) {
            t.setHealthy(up);
        }
        return true;
    }

    private void cameUp() {
        if (spec.slowstart() > 0) {
            upSinceNanos = Math.max(1, System.nanoTime());
            backend.rampStarted(spec.slowstart());
        }
    }

    /**
     * Puts the server in NOLB (HAProxy's {@code srv_set_stopping}): healthy, but taking no new load-balanced
     * traffic. A DOWN server goes straight to NOLB; a server in maintenance is left alone. Trackers follow.
     * Returns true if the server changed.
     */
    public boolean setStopping() {
        if (admin == AdminState.MAINT || healthy && stopping) {
            return false;
        }
        healthy = true;
        stopping = true;
        if (!history.set(isRunning())) {
            history.touch();
        }
        backend.serverChanged();
        for (Server t : trackers) {
            t.setStopping();
        }
        return true;
    }

    /** The agent's verdict ({@code up}/{@code ready} vs {@code down}/{@code fail}/{@code stopped}). */
    public boolean setAgentUp(boolean up) {
        if (agentUp == up) {
            return false;
        }
        agentUp = up;
        if (!up) {
            stopping = false; // the agent stops the server; coming back, it is UP, not NOLB
        }
        history.set(isRunning());
        backend.serverChanged();
        if (!up && spec.onMarkedDown() == ServerSpec.OnMarkedDown.SHUTDOWN_SESSIONS) {
            shutdownSessions();
        }
        for (Server t : trackers) {
            t.setAgentUp(up);
        }
        return true;
    }

    public boolean isAgentUp() {
        return agentUp;
    }

    /** Servers whose {@code track} names this one. */
    public java.util.List<Server> trackers() {
        return trackers;
    }

    /** Makes {@code s} follow this server's state; the server can no longer be deleted. */
    public void addTracker(Server s) {
        trackers.add(s);
        s.tracked = this;
        referenced = true;
    }

    /** The server this one tracks, or null. */
    public Server tracked() {
        return tracked;
    }

    void removeTracker(Server s) {
        trackers.remove(s);
    }

    /** Closes every live session on this server at once; returns how many. */
    public int shutdownSessions() {
        int n = 0;
        for (Session s : streams) {
            s.shutdown();
            n++;
        }
        return n;
    }

    /** The live sessions on this server. */
    public java.util.Collection<Session> sessions() {
        return java.util.Collections.unmodifiableSet(streams);
    }

    void sessionStarted(Session s) {
        streams.add(s);
    }

    void sessionEnded(Session s) {
        streams.remove(s);
    }

    /**
     * The operator's state (runtime API, stats page, agent), logged in HAProxy's words: entering MAINT is
     * "going DOWN for maintenance", leaving it or DRAIN is "UP/READY (leaving forced ...)".
     */
    public void setAdminState(AdminState state) {
        AdminState before = admin;
        if (before == state) {
            return;
        }
        admin = state;
        if (state != AdminState.MAINT) {
            maintFromConfig = false;
        } else {
            stopping = false; // maintenance stops the server; leaving it brings it back UP, not NOLB
        }
        initialMaint = false;
        if (!history.set(isRunning())) {
            history.touch();
        }
        backend.serverChanged();
        String name = (spec.backup() ? "Backup Server " : "Server ") + this;
        String health = healthy && agentUp ? "UP" : "DOWN";
        int[] counts = backend.usableCounts();
        String servers = counts[0] + " active and " + counts[1] + " backup servers";
        switch (state) {
            case MAINT -> backend.messages().warning(healthy && agentUp
                    ? name + " is going DOWN for maintenance. " + servers + " left. " + currentConnections()
                            + " sessions active, 0 requeued, 0 remaining in queue."
                    : name + " was DOWN and now enters maintenance.");
            case DRAIN -> backend.messages().warning(before == AdminState.MAINT
                    ? name + " is " + health + "/DRAIN (leaving forced maintenance)."
                    : name + " enters drain state. " + servers + (healthy && agentUp
                            ? " online. 0 sessions requeued, 0 total in queue."
                            : " left. " + currentConnections() + " sessions active, 0 requeued, 0 remaining in queue."));
            case READY -> backend.messages().warning(before == AdminState.MAINT
                    ? name + " is " + health + "/READY (leaving forced maintenance)."
                    : name + " is " + health + " (leaving forced drain).");
        }
        for (Server t : trackers) {
            t.setAdminState(state);
        }
    }

    public void setWeight(int w) {
        if (weight != w) {
            weight = w;
            backend.serverChanged();
        }
    }

    /** Takes a connection slot if the server is below its maxconn. */
    boolean tryAcquire() {
        int max = maxconn;
        while (true) {
            int c = current.get();
            if (max > 0 && c >= max || deleted) {
                return false;
            }
            if (current.compareAndSet(c, c + 1)) {
                if (deleted) {
                    // del server raced us: it either saw this slot and kept the server, or we give it back.
                    current.decrementAndGet();
                    return false;
                }
                traffic.sessionStarted(c + 1);
                return true;
            }
        }
    }

    /**
     * {@code del server}'s last step: marks the server deleted unless a connection holds a slot on it (checked
     * after the mark, so a racing {@link #tryAcquire} either is seen here or sees the mark and backs off).
     * Returns false, and leaves the server as it was, when connections remain.
     */
    boolean markDeleted() {
        deleted = true;
        if (current.get() > 0 || !streams.isEmpty()) {
            deleted = false;
            return false;
        }
        return true;
    }

    /** Gives the slot back and lets a queued stream have it. */
    public void release() {
        current.decrementAndGet();
        backend.slotFreed();
    }

    void connectFailed() {
        connectErrors.increment();
    }

    @Override
    public String toString() {
        return backend.name() + "/" + spec.name();
    }
}
