package bascule.lb;

/**
 * One balancing algorithm over one backend's servers. Implementations are thread-safe: {@link #pick}
 * is called from every event loop, {@link #update} from whatever thread changed a server.
 */
public interface LoadBalancer {

    /**
     * Chooses the server for a new stream, or returns null when no server can take it.
     *
     * @param request what the algorithm may hash on
     * @param avoid a server to skip if any other is usable (the one that just failed, for redispatch); may be null
     */
    LbServer pick(LbRequest request, LbServer avoid);

    /** Called after a server's usability or weight changed, so the algorithm can rebuild its view. */
    void update();
}
