package bascule.lb;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The locking shared by all algorithms. {@link #pick} runs on every event loop and {@link #update} on
 * whichever thread changed a server, and the interesting algorithms (weighted round-robin positions,
 * rotation cursors) mutate state on every pick, so both take one short lock. Held for a handful of tree
 * or array operations and never across I/O, it is cheaper and far easier to prove correct than a
 * lock-free scheme, and it keeps the pick sequence identical to HAProxy's, which also serialises picks
 * under a per-backend lock.
 *
 * <p>Servers are live objects: if the chosen one no longer takes traffic (its change was not yet
 * followed by {@link #update}), or nothing was found, the view is refreshed once and the pick retried.
 */
abstract class GuardedBalancer implements LoadBalancer {
    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public final LbServer pick(LbRequest request, LbServer avoid) {
        LbRequest req = request == null ? LbRequest.NONE : request;
        lock.lock();
        try {
            LbServer chosen = choose(req, avoid);
            if ((chosen == null || !Eligibility.takesTraffic(chosen)) && refresh()) {
                chosen = choose(req, avoid);
            }
            return chosen;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void update() {
        lock.lock();
        try {
            refresh();
        } finally {
            lock.unlock();
        }
    }

    /** Chooses from the current view; called with the lock held. */
    abstract LbServer choose(LbRequest request, LbServer avoid);

    /** Brings the view up to date with the servers; returns whether anything changed. Lock held. */
    abstract boolean refresh();
}
