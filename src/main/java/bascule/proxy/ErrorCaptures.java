package bascule.proxy;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The last invalid request and the last invalid response of one proxy side. Written by event loops when a
 * parser refuses a message (rare), read by the runtime API: each slot is replaced whole, never mutated.
 */
public final class ErrorCaptures {
    private final AtomicReference<ErrorCapture> request = new AtomicReference<>();
    private final AtomicReference<ErrorCapture> response = new AtomicReference<>();

    /** Keeps {@code capture} in place of the previous one of its direction. */
    public void record(ErrorCapture capture) {
        (capture.request() ? request : response).set(capture);
    }

    /** The last invalid request, or null. */
    public ErrorCapture lastRequest() {
        return request.get();
    }

    /** The last invalid response, or null. */
    public ErrorCapture lastResponse() {
        return response.get();
    }
}
