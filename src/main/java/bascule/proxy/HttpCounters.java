package bascule.proxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP counters of a frontend, backend or server in the stats: requests ({@code req_tot}) and their rate
 * (frontends), responses by status class ({@code hrsp_1xx} … {@code hrsp_other}), denied requests
 * ({@code dreq}), request errors ({@code ereq}), intercepted requests (stats page, redirects, returns,
 * monitor: {@code intercepted}), and client and server aborts ({@code cli_abrt}, {@code srv_abrt}). Updated
 * from every event loop with adders only.
 */
public final class HttpCounters {
    private final LongAdder requests = new LongAdder();
    private final EventRate requestRate = new EventRate();
    private final LongAdder[] responses = new LongAdder[6];
    private final LongAdder denied = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder intercepted = new LongAdder();
    private final LongAdder clientAborts = new LongAdder();
    private final LongAdder serverAborts = new LongAdder();
    private final LongAdder failedRewrites = new LongAdder();

    public HttpCounters() {
        for (int i = 0; i < responses.length; i++) {
            responses[i] = new LongAdder();
        }
    }

    public void request() {
        requests.increment();
        requestRate.increment();
    }

    /** A response with this status went to the client. */
    public void response(int status) {
        int c = status / 100;
        responses[c >= 1 && c <= 5 ? c - 1 : 5].increment();
    }

    public void denied() {
        denied.increment();
    }

    public void error() {
        errors.increment();
    }

    public void intercepted() {
        intercepted.increment();
    }

    public void clientAbort() {
        clientAborts.increment();
    }

    public void serverAbort() {
        serverAborts.increment();
    }

    /** A rule could not rewrite the message ({@code wrew}). */
    public void failedRewrite() {
        failedRewrites.increment();
    }

    public long failedRewrites() {
        return failedRewrites.sum();
    }

    public long requests() {
        return requests.sum();
    }

    public EventRate requestRate() {
        return requestRate;
    }

    /** Responses of class {@code c} (1 to 5 for 1xx to 5xx, 6 for any other status). */
    public long responses(int c) {
        return responses[c - 1].sum();
    }

    public long deniedRequests() {
        return denied.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long interceptedRequests() {
        return intercepted.sum();
    }

    public long clientAborts() {
        return clientAborts.sum();
    }

    public long serverAborts() {
        return serverAborts.sum();
    }

    /** {@code clear counters}: maxima only. */
    void clearMax() {
        requestRate.clearMax();
    }

    /** {@code clear counters all}. */
    void clearAll() {
        clearMax();
        for (LongAdder a : new LongAdder[] {requests, denied, errors, intercepted, clientAborts, serverAborts,
            failedRewrites}) {
            a.reset();
        }
        for (LongAdder a : responses) {
            a.reset();
        }
    }
}
