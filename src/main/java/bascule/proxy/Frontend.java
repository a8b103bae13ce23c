package bascule.proxy;

import bascule.model.ProxySpec;

/** The live side of a frontend (or the frontend half of a listen): where accepted streams are sent. */
public final class Frontend {
    private final ProxySpec spec;
    private final Backend defaultBackend;
    private final java.util.Map<String, Backend> backends;
    private final Backend[] fixedTargets;
    private final ConnectionLimiter limiter;
    private final Traffic traffic = new Traffic();
    private final HttpCounters http = new HttpCounters();
    private final ErrorCaptures errors = new ErrorCaptures();
    private StreamLog log = StreamLog.NONE;

    Frontend(ProxySpec spec, Backend defaultBackend, java.util.Map<String, Backend> backends) {
        this.spec = spec;
        this.defaultBackend = defaultBackend;
        this.backends = backends;
        this.fixedTargets = new Backend[spec.useBackends().size()];
        for (int i = 0; i < fixedTargets.length; i++) {
            String name = spec.useBackends().get(i).backend();
            fixedTargets[i] = name == null ? null : backends.get(name);
        }
        this.limiter = new ConnectionLimiter(spec.maxconn());
    }

    public String name() {
        return spec.name();
    }

    public ProxySpec spec() {
        return spec;
    }

    /**
     * The backend a new stream (TCP) or request (HTTP) goes to: the first {@code use_backend} whose condition
     * holds, else {@code default_backend} (a listen section's own backend). A dynamic name that names no
     * backend falls through to the default, as in HAProxy.
     */
    public Backend route(bascule.sample.SampleContext context) {
        java.util.List<bascule.model.UseBackendRule> rules = spec.useBackends();
        for (int i = 0; i < fixedTargets.length; i++) {
            bascule.model.UseBackendRule r = rules.get(i);
            if (r.condition().test(context)) {
                if (r.dynamic() == null) {
                    return fixedTargets[i];
                }
                Backend b = backends.get(r.dynamic().render(context));
                return b != null ? b : defaultBackend;
            }
        }
        return defaultBackend;
    }

    /** The backend named {@code name}, or null (for {@code nbsrv()} and dynamic routing). */
    public Backend backend(String name) {
        return backends.get(name);
    }

    /** Where this frontend's streams are logged. */
    public StreamLog log() {
        return log;
    }

    /** Set once while the runtime is built, before any connection is accepted. */
    void setLog(StreamLog log) {
        this.log = log;
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
    /** HTTP request and response counters ({@code req_tot}, {@code hrsp_*}…). */
    public HttpCounters http() {
        return http;
    }

    public Traffic traffic() {
        return traffic;
    }

    /** The last invalid request this frontend received ({@code show errors}). */
    public ErrorCaptures errors() {
        return errors;
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
