package bascule.http;

/**
 * What the HTTP/1 codec passes down the pipeline instead of a message it rejects: the status the engine
 * must answer with (400, 414, 422, 431, 501, 505 for requests; 502 for responses from a server) and a short
 * reason for the log. Exactly one is passed per connection; everything read after it is discarded.
 */
public record HttpError(int status, String reason) {
    public HttpError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpError carries a 4xx or 5xx status, got " + status);
        }
    }
}
