package bascule.http;

/**
 * Size limits of an HTTP/1 message head, as HAProxy sets them: {@code tune.bufsize} (16384 by default) and
 * {@code tune.http.maxhdr} (101 by default).
 *
 * <p>HAProxy keeps {@code tune.maxrewrite} (1024 bytes, at most half the buffer) free in each buffer for
 * header rewrites, so a request head must fit in {@code bufsize - maxrewrite}; {@link #headLimit()} is that
 * figure, and both the request line alone and the whole head are held to it.
 */
public record HttpLimits(int bufsize, int maxHeaders) {
    /** HAProxy 2.6's defaults. */
    public static final HttpLimits DEFAULTS = new HttpLimits(16384, 101);

    private static final int MAX_REWRITE = 1024;

    public HttpLimits {
        if (bufsize < 1024) {
            throw new IllegalArgumentException("tune.bufsize must be at least 1024, got " + bufsize);
        }
        if (maxHeaders < 1) {
            throw new IllegalArgumentException("tune.http.maxhdr must be at least 1, got " + maxHeaders);
        }
    }

    /** The largest head (start line plus header lines, with their CRLFs) accepted. */
    public int headLimit() {
        return bufsize - Math.min(MAX_REWRITE, bufsize / 2);
    }
}
