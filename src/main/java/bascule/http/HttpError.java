package bascule.http;

/**
 * What the HTTP/1 codec passes down the pipeline instead of a message it rejects: the status the engine
 * must answer with (400, 414, 422, 431, 501, 505 for requests; 502 for responses from a server) and a short
 * reason for the log. Exactly one is passed per connection; everything read after it is discarded.
 *
 * @param raw the refused message's bytes as received, for {@code show errors}; null when the fault was not
 *     in the bytes (the peer closed in the middle of a message) or they were not at hand
 */
public record HttpError(int status, String reason, RawMessage raw) {
    public HttpError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpError carries a 4xx or 5xx status, got " + status);
        }
    }

    public HttpError(int status, String reason) {
        this(status, reason, null);
    }

    HttpError withRaw(RawMessage bytes) {
        return new HttpError(status, reason, bytes);
    }
}
