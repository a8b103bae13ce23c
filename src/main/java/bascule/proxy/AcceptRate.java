package bascule.proxy;

/**
 * A process-wide cap on how many connections (or sessions) are let in per second: global
 * {@code maxconnrate} / {@code maxsessrate}, changed at run time by {@code set rate-limit}. The rate is
 * HAProxy's sliding second ({@link EventRate}); a connection is let in while it is below the limit, so the
 * listeners stop taking new ones once the limit is reached and take them again as the window slides.
 */
final class AcceptRate {
    private final EventRate admitted = new EventRate();
    private volatile int limit;

    AcceptRate(int limit) {
        this.limit = Math.max(0, limit);
    }

    int limit() {
        return limit;
    }

    /** 0 removes the cap. */
    void setLimit(int limit) {
        this.limit = Math.max(0, limit);
    }

    /** True when one more may be let in now. */
    boolean hasRoom() {
        int l = limit;
        return l == 0 || admitted.perSecond() < l;
    }

    /** One was let in. */
    void admitted() {
        admitted.increment();
    }

    /**
     * When to look again once full: the rate falls as the window slides, so soon after the next admission slot
     * ({@code 1000 / limit} ms) or just after the second turns, whichever comes first.
     */
    long retryMillis() {
        int l = Math.max(1, limit);
        long toNextSecond = 1000 - System.currentTimeMillis() % 1000 + 1;
        return Math.max(1, Math.min(toNextSecond, 1000 / l));
    }
}
