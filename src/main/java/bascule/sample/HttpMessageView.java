package bascule.sample;

import java.util.List;
import java.util.Map;

/**
 * A read-only view of an HTTP request or response head, as fetches see it. Header names match
 * case-insensitively; values are whole field lines (not split on commas; {@code hdr()} splits them).
 */
public interface HttpMessageView {

    /** The request method ("GET"), or null for a response. */
    String method();

    /** The request target as received ("/a/b?x=1" or an absolute URI), or null for a response. */
    String uri();

    /** "HTTP/1.1", "HTTP/1.0" or "HTTP/2.0". */
    String version();

    /** The response status, or 0 for a request. */
    int status();

    /** Every value of the named header, in order; empty when absent. */
    List<String> headerValues(String name);

    /** All header fields in order, names as received. */
    List<Map.Entry<String, String>> headers();

    /** The body when the rules asked for it to be buffered ({@code option http-buffer-request}), else null. */
    default byte[] body() {
        return null;
    }
}
