package bascule.check;

import bascule.model.ServerSpec;
import bascule.proxy.Backend;
import bascule.proxy.Messages;
import bascule.proxy.Server;
import bascule.proxy.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health checks of a runtime: for every server with {@code check} on, one checker running the
 * backend's probe (plain connect, tcp-check script, HTTP check or protocol probe), and for every server
 * with {@code agent-check}, one agent checker (servers started {@code disabled} included, so their
 * health is known when they leave maintenance). Each checker lives on one event loop of the group.
 *
 * <p>First checks are spread as HAProxy spreads them: the n-th of N checkers starts after
 * {@code n/N} of an interval, where the interval is the smallest one among checkers whose interval is at
 * least one second (short intervals do not squeeze everybody else) but never less than the checker's own.
 * So checks never all fire at once after a start or a reload. After that each checker plans its next check
 * when the previous one ends, using {@code inter}, {@code fastinter} or {@code downinter} as
 * {@link CheckState#nextInterval} decides.
 */
public final class HealthChecks {
    /** HAProxy's {@code SRV_CHK_INTER_THRES}: checkers this fast do not set the spreading interval. */
    static final long SPREAD_THRESHOLD_MILLIS = 1000;

    /** Servers have identity equality, so this is keyed by the server object; dynamic servers come and go. */
    private final Map<Server, ServerCheck> byServer = new ConcurrentHashMap<>();
    /** Health counters forced on servers that have no check (see {@link #forceHealth}). */
    private final Map<Server, Integer> uncheckedHealth = new ConcurrentHashMap<>();
    /**
     * Agent checkers ({@code agent-check}), set by {@link #start}, replaced (copy on write) as dynamic servers
     * come and go; package-private for tests.
     */
    volatile List<AgentCheck> agents = List.of();
    private final EventLoopGroup group;
    private final Transport transport;
    private final Messages messages;

    private HealthChecks(List<ServerCheck> checks, EventLoopGroup group, Transport transport, Messages messages) {
        this.group = group;
        this.transport = transport;
        this.messages = messages;
        for (ServerCheck c : checks) {
            byServer.put(c.server(), c);
        }
    }

    /** Starts a checker for every server with {@code check} set, spreading their first checks. */
    public static HealthChecks start(Collection<Backend> backends, EventLoopGroup group, Transport transport,
                                     Messages messages) {
        List<ServerCheck> checks = new ArrayList<>();
        for (Backend backend : backends) {
            for (Server server : backend.servers()) {
                if (server.spec().check()) {
                    checks.add(new ServerCheck(server, group.next(), transport, messages));
                }
            }
        }
        long[] delays = firstDelays(checks.stream().mapToLong(ServerCheck::currentInterval).toArray());
        for (int i = 0; i < checks.size(); i++) {
            checks.get(i).start(delays[i]);
        }
        HealthChecks started = new HealthChecks(checks, group, transport, messages);
        // >>> agent checks: one AgentCheck per server with agent-check, first checks spread after the ones above
        started.agents = AgentCheck.startAll(backends, group, transport, messages,
                checks.stream().mapToLong(ServerCheck::currentInterval).toArray());
        // <<< agent checks
        return started;
    }

    /** The delay before each checker's first check, given each checker's current interval, in order. */
    static long[] firstDelays(long[] intervals) {
        long spread = 0;
        for (long i : intervals) {
            if (i >= SPREAD_THRESHOLD_MILLIS && (spread == 0 || i < spread)) {
                spread = i;
            }
        }
        int n = intervals.length;
        long[] delays = new long[n];
        for (int pos = 0; pos < n; pos++) {
            delays[pos] = Math.max(spread, intervals[pos]) * pos / n;
        }
        return delays;
    }

    /** Stops every checker: cancels its timer and closes any probe in flight. Server health stays as it is. */
    public void stop() {
        byServer.values().forEach(ServerCheck::stop);
        agents.forEach(AgentCheck::stop);
    }

    /** The check state of a server, if it is checked. */
    public Optional<CheckSnapshot> status(Server server) {
        ServerCheck c = byServer.get(server);
        return c == null ? Optional.empty() : Optional.of(c.snapshot());
    }

    /** The agent check of a server, if it has one. */
    public Optional<AgentSnapshot> agentStatus(Server server) {
        AgentCheck a = agent(server);
        return a == null ? Optional.empty() : Optional.of(a.snapshot());
    }

    private AgentCheck agent(Server server) {
        for (AgentCheck a : agents) {
            if (a.server() == server) {
                return a;
            }
        }
        return null;
    }

    /** True if the server has a health check and it is not paused ({@code disable health}). */
    public boolean isHealthCheckEnabled(Server server) {
        ServerCheck c = byServer.get(server);
        return c != null && c.isEnabled();
    }

    /** Runtime API {@code enable/disable health}; false when the server has no health check. */
    public boolean setHealthCheckEnabled(Server server, boolean enabled) {
        ServerCheck c = byServer.get(server);
        if (c == null) {
            return false;
        }
        c.setEnabled(enabled);
        return true;
    }

    /** Runtime API {@code enable/disable agent}; false when the server has no agent check. */
    public boolean setAgentEnabled(Server server, boolean enabled) {
        AgentCheck a = agent(server);
        if (a == null) {
            return false;
        }
        a.setEnabled(enabled);
        return true;
    }

    /**
     * Runtime API {@code set server … health up|stopping|down}: sets a checked server's health counter to fully
     * UP or DOWN so the next checks start from there. The server's own state is the caller's to change. A server
     * without a check keeps the value too, as HAProxy does ({@code show servers state} prints it).
     */
    public void forceHealth(Server server, boolean up) {
        ServerCheck c = byServer.get(server);
        if (c != null) {
            c.force(up);
        } else {
            uncheckedHealth.put(server, up ? server.spec().rise() + server.spec().fall() - 1 : 0);
        }
    }

    /** The health counter the runtime API forced on a server without a check, or -1 if it never did. */
    public int forcedUncheckedHealth(Server server) {
        return uncheckedHealth.getOrDefault(server, -1);
    }

    /** Runtime API {@code set server … agent up|down}: false when the server has no agent check. */
    public boolean forceAgent(Server server, boolean up) {
        AgentCheck a = agent(server);
        if (a == null) {
            return false;
        }
        a.force(up);
        return true;
    }

    /** How many servers are checked. */
    public int size() {
        return byServer.size();
    }

    /**
     * A server added with {@code add server ... check} or {@code agent-check}: its checkers exist but stay
     * paused until {@code enable health} / {@code enable agent}, as HAProxy leaves a dynamic server's checks
     * off until asked.
     */
    public void addDynamic(Server server) {
        if (server.spec().check()) {
            ServerCheck c = new ServerCheck(server, group.next(), transport, messages);
            c.setEnabled(false);
            byServer.put(server, c);
            c.start(c.currentInterval());
        }
        ServerSpec s = server.spec();
        if (s.agent().enabled() && s.agent().portOr(s.checks().port()) > 0) {
            AgentCheck a = new AgentCheck(server, group.next(), transport, messages);
            a.setEnabled(false);
            a.startWithoutHealth();
            synchronized (this) { // adds and removes run on several backends' locks: none may be lost
                List<AgentCheck> more = new ArrayList<>(agents);
                more.add(a);
                agents = List.copyOf(more);
            }
            a.start(a.pausedInterval());
        }
    }

    /** A server removed with {@code del server}: its checkers stop. */
    public void remove(Server server) {
        uncheckedHealth.remove(server);
        ServerCheck c = byServer.remove(server);
        if (c != null) {
            c.stop();
        }
        AgentCheck a = agent(server);
        if (a != null) {
            synchronized (this) {
                agents = agents.stream().filter(x -> x != a).toList();
            }
            a.stop();
        }
    }
}
