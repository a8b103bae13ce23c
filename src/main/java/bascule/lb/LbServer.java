package bascule.lb;

/**
 * What a balancing algorithm may know about a server. Implemented by the live server object of the
 * proxy layer; every method must be cheap and safe to call from any event loop.
 */
public interface LbServer {
    /** The server name, for logs and tests. */
    String name();

    /** Numeric id (1-based, declaration order unless configured); {@code first} orders by it. */
    int id();

    boolean isBackup();

    /** Current effective weight (configured weight as changed by agent/runtime API); 0 takes no new traffic. */
    int weight();

    /** True when the server may take new traffic: up (or not checked) and in admin state READY. */
    boolean isUsable();

    /** Live connections to this server right now. */
    int currentConnections();

    /** {@code maxconn} of the server, 0 for unlimited. */
    int maxConnections();
}
