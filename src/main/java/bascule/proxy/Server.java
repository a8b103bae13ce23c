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
    private final InetSocketAddress address;
    private final AtomicInteger current = new AtomicInteger();
    private final LongAdder total = new LongAdder();
    private final LongAdder connectErrors = new LongAdder();
    private volatile boolean healthy = true;
    private volatile AdminState admin;
    private volatile int weight;

    Server(ServerSpec spec, Backend backend, InetSocketAddress address) {
        this.spec = spec;
        this.backend = backend;
        this.address = address;
        this.admin = spec.disabled() ? AdminState.MAINT : AdminState.READY;
        this.weight = spec.weight();
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

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public boolean isUsable() {
        return healthy && admin == AdminState.READY;
    }

    @Override
    public int currentConnections() {
        return current.get();
    }

    @Override
    public int maxConnections() {
        return spec.maxconn();
    }

    public long totalConnections() {
        return total.sum();
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

    /** Changes health; returns true if it changed. The backend's balancer is told. */
    public boolean setHealthy(boolean up) {
        if (healthy == up) {
            return false;
        }
        healthy = up;
        backend.serverChanged();
        return true;
    }

    public void setAdminState(AdminState state) {
        if (admin != state) {
            admin = state;
            backend.serverChanged();
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
        int max = spec.maxconn();
        while (true) {
            int c = current.get();
            if (max > 0 && c >= max) {
                return false;
            }
            if (current.compareAndSet(c, c + 1)) {
                total.increment();
                return true;
            }
        }
    }

    /** Gives the slot back and lets a queued stream have it. */
    void release() {
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
