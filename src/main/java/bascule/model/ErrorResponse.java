package bascule.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A complete HTTP response given by configuration ({@code errorfile}, {@code errorloc}), already parsed
 * and checked: status line, header fields in file order, and body. Header names are lower-case, as
 * HAProxy sends them; {@code connection} fields are not kept, because the HTTP layer decides keep-alive
 * and writes its own. {@code closes} is true when the page itself asks to close the connection
 * ({@code Connection: close}) or cannot be delimited (a body without {@code Content-Length}).
 * {@link #SILENT} is the empty file: HAProxy then sends nothing and closes.
 */
public record ErrorResponse(String version, int status, String reason, List<Header> headers, byte[] body,
                            boolean closes) {
    /** An empty error file: no byte is sent and the connection is closed. */
    public static final ErrorResponse SILENT = new ErrorResponse("", 0, "", List.of(), new byte[0], true);

    /** One header field; the name is lower-case. */
    public record Header(String name, String value) {
        public Header {
            name = name.toLowerCase(Locale.ROOT);
        }
    }

    public ErrorResponse {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    public boolean silent() {
        return status == 0;
    }

    /** A copy of the body (records cannot hand out their array without letting callers change it). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body length, without copying it. */
    public int bodyLength() {
        return body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorResponse r && r.status == status && r.closes == closes && r.version.equals(version)
                && r.reason.equals(reason) && r.headers.equals(headers) && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return (version.hashCode() * 31 + status) * 31 + headers.hashCode() * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return silent() ? "ErrorResponse[silent]" : "ErrorResponse[" + version + " " + status + " " + reason + ", "
                + headers.size() + " headers, " + body.length + " body bytes]";
    }
}
