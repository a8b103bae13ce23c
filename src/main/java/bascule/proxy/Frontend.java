package bascule.proxy;

import bascule.model.ProxySpec;

/** The live side of a frontend (or the frontend half of a listen): where accepted streams are sent. */
public final class Frontend {
    private final ProxySpec spec;
    private final Backend defaultBackend;
    private final ConnectionLimiter limiter;
    private final Traffic traffic = new Traffic();

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
        return traffic.sessions();
    }

    /** Sessions, bytes, rates ({@code stot}, {@code smax}, {@code bin}, {@code bout}, {@code rate}). */
    public Traffic traffic() {
        return traffic;
    }

    /** The frontend's {@code maxconn} now (0 = none). */
    public int maxConnections() {
        return limiter.limit();
    }

    /**
     * Changes the frontend's {@code maxconn} (runtime API); connections already accepted stay. The caller
     * asks the runtime to re-evaluate its listeners.
     */
    void setMaxConnections(int max) {
        limiter.setLimit(max);
    }

    void accepted() {
        traffic.sessionStarted(limiter.current());
    }
}
