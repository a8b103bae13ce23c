package bascule.proxy;

import bascule.model.ProxySpec;
import java.util.concurrent.atomic.LongAdder;

/** The live side of a frontend (or the frontend half of a listen): where accepted streams are sent. */
public final class Frontend {
    private final ProxySpec spec;
    private final Backend defaultBackend;
    private final ConnectionLimiter limiter;
    private final LongAdder total = new LongAdder();

    Frontend(ProxySpec spec, Backend defaultBackend) {
        this.spec = spec;
        this.defaultBackend = defaultBackend;
        this.limiter = new ConnectionLimiter(spec.maxconn());
    }

    public String name() {
        return spec.name();
    }

    public ProxySpec spec() {
        return spec;
    }

    /** The backend a new stream goes to: the first {@code use_backend}, else {@code default_backend}. */
    Backend route() {
        return defaultBackend;
    }

    ConnectionLimiter limiter() {
        return limiter;
    }

    public int currentConnections() {
        return limiter.current();
    }

    public long totalConnections() {
        return total.sum();
    }

    void accepted() {
        total.increment();
    }
}
