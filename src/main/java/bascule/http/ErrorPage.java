package bascule.http;

import bascule.model.ErrorResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One error response, ready to write. HAProxy sends every error page through its HTTP/1 encoder, which
 * lower-cases header names, uses CRLF, drops the page's own {@code Connection} field and ends the header
 * block with the {@code connection} field that the connection needs; this class does the same, and keeps
 * the four possible byte forms precomputed so that sending a page allocates nothing but the copy.
 *
 * <p>Verified against HAProxy 2.6.12: when the connection stays open, {@code connection: keep-alive} is
 * added if the page or the client speaks HTTP/1.0; when it closes, {@code connection: close} is added if
 * the page is HTTP/1.1 (an HTTP/1.0 page closes by default).
 */
public final class ErrorPage {
    private final ErrorResponse response;
    /** [keepAlive ? 1 : 0][http10Client ? 1 : 0]. */
    private final byte[][][] forms = new byte[2][2][];

    ErrorPage(ErrorResponse response) {
        this.response = response;
        for (int k = 0; k < 2; k++) {
            for (int v = 0; v < 2; v++) {
                forms[k][v] = encode(response, k == 1 && !response.closes(), v == 1);
            }
        }
    }

    public ErrorResponse response() {
        return response;
    }

    /** The status code on the wire (that of the page, which may differ from the code it replaces). */
    public int status() {
        return response.status();
    }

    /** An empty error file: nothing is sent, the connection is closed. */
    public boolean silent() {
        return response.silent();
    }

    /** True when, after this page, a connection whose client wants keep-alive is still kept open. */
    public boolean keepsAlive(boolean clientKeepAlive) {
        return clientKeepAlive && !response.closes();
    }

    /**
     * The bytes to write. {@code clientKeepAlive}: the client asked for keep-alive and the proxy would
     * keep the connection (the page may still force a close, see {@link #keepsAlive}); {@code http10Client}:
     * the request was HTTP/1.0. Returns a fresh copy; empty for a {@link #silent()} page.
     */
    public byte[] bytes(boolean clientKeepAlive, boolean http10Client) {
        return forms[clientKeepAlive ? 1 : 0][http10Client ? 1 : 0].clone();
    }

    /** The form most often sent: an HTTP/1.1 client whose connection stays open when the page allows it. */
    public byte[] bytes() {
        return bytes(true, false);
    }

    /**
     * This page with one more header field after the others, as HAProxy appends {@code www-authenticate}
     * to the 401 of {@code http-request auth}.
     */
    public ErrorPage withHeader(String name, String value) {
        if (silent()) {
            return this;
        }
        List<ErrorResponse.Header> h = new ArrayList<>(response.headers());
        h.add(new ErrorResponse.Header(name, value));
        return new ErrorPage(new ErrorResponse(response.version(), response.status(), response.reason(), h,
                response.body(), response.closes()));
    }

    private static byte[] encode(ErrorResponse r, boolean keepAlive, boolean http10Client) {
        if (r.silent()) {
            return new byte[0];
        }
        boolean http10Page = r.version().equals("HTTP/1.0");
        StringBuilder head = new StringBuilder(128);
        head.append(r.version()).append(' ').append(r.status()).append(' ').append(r.reason()).append("\r\n");
        for (ErrorResponse.Header h : r.headers()) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (keepAlive && (http10Page || http10Client)) {
            head.append("connection: keep-alive\r\n");
        } else if (!keepAlive && !http10Page) {
            head.append("connection: close\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + r.bodyLength());
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(r.body());
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "ErrorPage[" + response + "]";
    }
}
