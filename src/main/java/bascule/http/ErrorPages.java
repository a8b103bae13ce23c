package bascule.http;

import bascule.model.ErrorFileSpec;
import bascule.model.ErrorFilesSpec;
import bascule.model.ErrorResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The error pages of one proxy: HAProxy 2.6's built-in pages, overridden per status code by the proxy's
 * {@code errorfile}/{@code errorfiles}/{@code errorloc*} lines. Immutable.
 *
 * <p>Which proxy's pages answer (verified on HAProxy 2.6.12): once a backend is chosen, a code the
 * backend customizes uses the backend's page, else the frontend's, else the built-in one
 * ({@link #select}). Since backends inherit {@code defaults}, an {@code errorfile} in {@code defaults}
 * beats a frontend's own one for errors raised after the backend is chosen (such as 503 "no server").
 *
 * <p>Errors the HTTP/1 parser raises itself (400 on a malformed request, 408 when the request does not
 * arrive within {@code timeout http-request}) are a separate case: HAProxy 2.6.12 sends its built-in
 * text there verbatim, with its original mixed-case header names, and ignores {@code errorfile}. See
 * {@link #parserError}.
 */
public final class ErrorPages {
    /**
     * HAProxy's built-in pages: code, reason, the sentence of the body, and whether the page closes the
     * connection. 414 and 431 are Bascule's own, in the same style (HAProxy 2.6 answers 400 there).
     */
    private record BuiltIn(int code, String reason, String text, boolean closes) {
    }

    private static final List<BuiltIn> BUILT_INS = List.of(
            new BuiltIn(200, "OK", "Service ready.", false),
            new BuiltIn(400, "Bad request", "Your browser sent an invalid request.", true),
            new BuiltIn(401, "Unauthorized", "You need a valid user and password to access this content.", false),
            new BuiltIn(403, "Forbidden", "Request forbidden by administrative rules.", false),
            new BuiltIn(404, "Not Found", "The resource could not be found.", false),
            new BuiltIn(405, "Method Not Allowed", "A request was made of a resource using a request method not "
                    + "supported by that resource", false),
            // HAProxy 2.6 really says "Unauthorized" for 407.
            new BuiltIn(407, "Unauthorized", "You need a valid user and password to access this content.", false),
            new BuiltIn(408, "Request Time-out", "Your browser didn't send a complete request in time.", true),
            new BuiltIn(410, "Gone", "The resource is no longer available and will not be available again.", false),
            new BuiltIn(413, "Payload Too Large", "The request entity exceeds the maximum allowed.", false),
            new BuiltIn(414, "URI Too Long", "The request URI is longer than the server accepts.", true),
            new BuiltIn(421, "Misdirected Request", "Request sent to a non-authoritative server.", false),
            new BuiltIn(422, "Unprocessable Content", "The server cannot process the contained instructions.", false),
            new BuiltIn(425, "Too Early", "Your browser sent early data.", false),
            new BuiltIn(429, "Too Many Requests", "You have sent too many requests in a given amount of time.", false),
            new BuiltIn(431, "Request Header Fields Too Large", "The request header fields are larger than the "
                    + "server accepts.", true),
            new BuiltIn(500, "Internal Server Error", "An internal server error occurred.", false),
            // The leading dot is in HAProxy 2.6's own page.
            new BuiltIn(501, "Not Implemented", ".The server does not support the functionality required to "
                    + "fulfill the request.", false),
            new BuiltIn(502, "Bad Gateway", "The server returned an invalid or incomplete response.", false),
            new BuiltIn(503, "Service Unavailable", "No server is available to handle this request.", false),
            new BuiltIn(504, "Gateway Time-out", "The server didn't respond in time.", false),
            // Not in HAProxy, which forwards unknown HTTP/1.x versions; Bascule refuses them.
            new BuiltIn(505, "HTTP Version Not Supported", "The request's HTTP version is not supported.", true));

    private static final Map<Integer, ErrorPage> DEFAULT_PAGES;
    private static final Map<Integer, byte[]> PARSER_ERRORS;

    static {
        Map<Integer, ErrorPage> pages = new TreeMap<>();
        Map<Integer, byte[]> raw = new TreeMap<>();
        for (BuiltIn b : BUILT_INS) {
            byte[] body = ("<html><body><h1>" + b.code() + " " + b.reason() + "</h1>\n" + b.text()
                    + "\n</body></html>\n").getBytes(StandardCharsets.ISO_8859_1);
            pages.put(b.code(), new ErrorPage(new ErrorResponse("HTTP/1.1", b.code(), b.reason(), List.of(
                    new ErrorResponse.Header("content-length", String.valueOf(body.length)),
                    new ErrorResponse.Header("cache-control", "no-cache"),
                    new ErrorResponse.Header("content-type", "text/html")), body, b.closes())));
            String head = "HTTP/1.1 " + b.code() + " " + b.reason() + "\r\nContent-length: " + body.length
                    + "\r\nCache-Control: no-cache\r\n" + (b.closes() ? "Connection: close\r\n" : "")
                    + "Content-Type: text/html\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            raw.put(b.code(), all);
        }
        DEFAULT_PAGES = Collections.unmodifiableMap(pages);
        PARSER_ERRORS = Collections.unmodifiableMap(raw);
    }

    private static final ErrorPages DEFAULTS = new ErrorPages(Map.of());

    /** Only the overridden codes; the others fall back to {@link #DEFAULT_PAGES}. */
    private final Map<Integer, ErrorPage> custom;

    private ErrorPages(Map<Integer, ErrorPage> custom) {
        this.custom = Collections.unmodifiableMap(new TreeMap<>(custom));
    }

    /** HAProxy's built-in pages, nothing overridden. */
    public static ErrorPages defaults() {
        return DEFAULTS;
    }

    /** The pages of a proxy whose bound configuration is {@code spec} ({@code ProxySpec.errorFiles()}). */
    public static ErrorPages of(ErrorFilesSpec spec) {
        if (spec.byCode().isEmpty()) {
            return DEFAULTS;
        }
        Map<Integer, ErrorPage> m = new TreeMap<>();
        for (ErrorFileSpec f : spec.byCode().values()) {
            m.put(f.code(), new ErrorPage(f.response()));
        }
        return new ErrorPages(m);
    }

    /** These pages with {@code code} answered by {@code response}. */
    public ErrorPages with(int code, ErrorResponse response) {
        Map<Integer, ErrorPage> m = new TreeMap<>(custom);
        m.put(code, new ErrorPage(response));
        return new ErrorPages(m);
    }

    /** The page for {@code code}: the configured one, else the built-in one. */
    public ErrorPage page(int code) {
        ErrorPage p = custom.get(code);
        return p != null ? p : builtIn(code);
    }

    /** The configured page for {@code code}, or null when this proxy does not customize it. */
    public ErrorPage custom(int code) {
        return custom.get(code);
    }

    /**
     * The page HAProxy sends for {@code code} in a stream: the backend's own, else the frontend's own,
     * else the built-in page. {@code backend} is null before a backend is chosen (or when the frontend is
     * a {@code listen}, pass it as both).
     */
    public static ErrorPage select(ErrorPages backend, ErrorPages frontend, int code) {
        ErrorPage p = backend == null ? null : backend.custom(code);
        if (p == null && frontend != null) {
            p = frontend.custom(code);
        }
        return p != null ? p : builtIn(code);
    }

    /** The built-in page for {@code code}; IllegalArgumentException for a code that has none. */
    public static ErrorPage builtIn(int code) {
        ErrorPage p = DEFAULT_PAGES.get(code);
        if (p == null) {
            throw new IllegalArgumentException("no built-in error page for status " + code + "; known: "
                    + DEFAULT_PAGES.keySet());
        }
        return p;
    }

    /** The codes that have a built-in page. */
    public static java.util.Set<Integer> builtInCodes() {
        return DEFAULT_PAGES.keySet();
    }

    /**
     * The exact bytes HAProxy's HTTP/1 parser sends when it rejects a request itself (400, or 408 on
     * {@code timeout http-request}; 414 and 431 for Bascule's finer answers): original mixed-case header
     * names, {@code Connection: close}, and no {@code errorfile} override. The connection is then closed.
     */
    public static byte[] parserError(int code) {
        byte[] b = PARSER_ERRORS.get(code);
        if (b == null) {
            throw new IllegalArgumentException("no built-in error page for status " + code);
        }
        return b.clone();
    }
}
