package bascule.model;

import bascule.sample.Format;
import java.util.List;

/**
 * The response that {@code deny}, {@code tarpit} and {@code return} send, as written on the rule line.
 *
 * <ul>
 * <li>{@link Source#ERROR_PAGE}: the proxy's error page for {@code status} (no payload option, or
 *     {@code default-errorfiles}).</li>
 * <li>{@link Source#EMPTY}: a {@code return} without payload: the status line and {@code content-length: 0}.</li>
 * <li>{@link Source#TEXT}: {@code string} or {@code file}: the fixed {@code body} (file bytes as ISO-8859-1
 *     characters, so any byte survives), with {@code contentType}.</li>
 * <li>{@link Source#FORMAT}: {@code lf-string} or {@code lf-file}: {@code bodyFormat} rendered per request.</li>
 * <li>{@link Source#ERRORFILE}: {@code errorfile}: a whole HTTP response read at load; {@code status},
 *     {@code reason}, {@code fileHeaders} and {@code body} come from the file.</li>
 * </ul>
 * {@code headers} are the {@code hdr <name> <fmt>} options, sent before {@code content-length}.
 */
public record HttpReply(int status, Source source, String contentType, String body, Format bodyFormat,
                        List<Header> headers, String reason, List<FileHeader> fileHeaders) {
    public enum Source { ERROR_PAGE, EMPTY, TEXT, FORMAT, ERRORFILE }

    /** One {@code hdr <name> <fmt>} option. */
    public record Header(String name, Format value) {
    }

    /** One header line of an errorfile, as read. */
    public record FileHeader(String name, String value) {
    }

    public HttpReply {
        headers = List.copyOf(headers);
        fileHeaders = List.copyOf(fileHeaders);
    }

    public static HttpReply errorPage(int status) {
        return new HttpReply(status, Source.ERROR_PAGE, null, null, null, List.of(), null, List.of());
    }
}
