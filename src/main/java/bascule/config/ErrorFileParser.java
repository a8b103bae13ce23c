package bascule.config;

import bascule.model.ErrorResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the content of an error file (a complete raw HTTP/1 response) the way HAProxy checks it at load:
 * a status line, header fields, an empty line, then the body. Lines may end with CRLF or a bare LF. A body
 * must match {@code Content-Length} when there is one; chunked bodies are refused. The result must fit in
 * one buffer ({@code tune.bufsize}) once stored as HAProxy stores messages, so the same file loads in both.
 */
final class ErrorFileParser {
    /**
     * HAProxy stores an error page as an HTX message inside one buffer: a fixed part (message header,
     * start-line block and end-of-headers block), one 8-byte block per header field and one for the body.
     * Measured on HAProxy 2.6.12: a file whose message needs more than {@code tune.bufsize} is refused.
     */
    private static final int HTX_FIXED_OVERHEAD = 85;
    private static final int HTX_BLOCK = 8;

    private ErrorFileParser() {
    }

    /** Why a file was refused; the binder adds the keyword, the path and the position. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    static ErrorResponse parse(byte[] content, int bufsize) throws Invalid {
        if (content.length == 0) {
            return ErrorResponse.SILENT;
        }
        int pos = 0;
        int lineNo = 0;
        String statusLine = null;
        List<ErrorResponse.Header> headers = new ArrayList<>();
        int bodyStart = -1;
        while (pos < content.length) {
            int lf = indexOf(content, (byte) '\n', pos);
            if (lf < 0) {
                break;
            }
            int end = lf > pos && content[lf - 1] == '\r' ? lf - 1 : lf;
            String line = new String(content, pos, end - pos, StandardCharsets.ISO_8859_1);
            lineNo++;
            pos = lf + 1;
            if (statusLine == null) {
                statusLine = line;
                continue;
            }
            if (line.isEmpty()) {
                bodyStart = pos;
                break;
            }
            headers.add(header(line, lineNo));
        }
        if (statusLine == null) {
            throw new Invalid("the status line is not terminated by a line feed");
        }
        String[] sl = statusLine(statusLine);
        if (bodyStart < 0) {
            throw new Invalid("the header block is not terminated by an empty line");
        }
        byte[] body = java.util.Arrays.copyOfRange(content, bodyStart, content.length);

        long contentLength = -1;
        boolean close = false;
        List<ErrorResponse.Header> kept = new ArrayList<>();
        for (ErrorResponse.Header h : headers) {
            switch (h.name()) {
                case "transfer-encoding" -> throw new Invalid("chunk-encoded payload not supported "
                        + "(use Content-Length or no length at all)");
                case "content-length" -> {
                    long n = contentLength(h.value());
                    if (contentLength >= 0 && n != contentLength) {
                        throw new Invalid("two different Content-Length values (" + contentLength + " and " + n + ")");
                    }
                    if (contentLength < 0) {
                        kept.add(h);
                    }
                    contentLength = n;
                }
                case "connection" -> {
                    // HTTP/1 decides keep-alive per connection and writes its own Connection field.
                    for (String token : h.value().split(",")) {
                        if (token.trim().equalsIgnoreCase("close")) {
                            close = true;
                        }
                    }
                }
                default -> kept.add(h);
            }
        }
        if (contentLength >= 0 && contentLength != body.length) {
            throw new Invalid("payload size does not match the announced content-length (" + body.length + " != "
                    + contentLength + ")");
        }
        // Without a length the end of the body is the end of the connection.
        close |= contentLength < 0;

        long htx = HTX_FIXED_OVERHEAD + sl[0].length() + sl[1].length() + sl[2].length() + body.length
                + (body.length > 0 ? HTX_BLOCK : 0);
        for (ErrorResponse.Header h : headers) {
            htx += HTX_BLOCK + h.name().length() + h.value().length();
        }
        if (htx > bufsize) {
            throw new Invalid("the response does not fit in a buffer of tune.bufsize (" + bufsize + " bytes); "
                    + "make it smaller");
        }
        return new ErrorResponse(sl[0], Integer.parseInt(sl[1]), sl[2], kept, body, close);
    }

    /** {@code HTTP/x.y <3 digits> [reason]} into version, code and reason. */
    private static String[] statusLine(String line) throws Invalid {
        int sp1 = line.indexOf(' ');
        String version = sp1 < 0 ? line : line.substring(0, sp1);
        if (!version.matches("HTTP/[0-9]\\.[0-9]")) {
            throw new Invalid("line 1: '" + printable(line) + "' is not a status line (expected 'HTTP/1.1 <code> "
                    + "<reason>')");
        }
        int sp2 = line.indexOf(' ', sp1 + 1);
        String code = sp2 < 0 ? line.substring(sp1 + 1) : line.substring(sp1 + 1, sp2);
        if (!code.matches("[1-9][0-9][0-9]")) {
            throw new Invalid("line 1: status code '" + printable(code) + "' is not a 3-digit number");
        }
        String reason = sp2 < 0 ? "" : line.substring(sp2 + 1);
        return new String[] {version, code, reason};
    }

    private static ErrorResponse.Header header(String line, int lineNo) throws Invalid {
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.substring(0, colon))) {
            throw new Invalid("line " + lineNo + ": '" + printable(line) + "' is not a header field (expected "
                    + "'Name: value')");
        }
        String value = line.substring(colon + 1).strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new Invalid("line " + lineNo + ": header '" + line.substring(0, colon)
                        + "' has a control character in its value");
            }
        }
        return new ErrorResponse.Header(line.substring(0, colon), value);
    }

    private static long contentLength(String v) throws Invalid {
        if (!v.matches("[0-9]{1,18}")) {
            throw new Invalid("Content-Length '" + printable(v) + "' is not a number");
        }
        return Long.parseLong(v);
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder b = new StringBuilder();
        for (char c : cut.toCharArray()) {
            b.append(c < 0x20 || c >= 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
