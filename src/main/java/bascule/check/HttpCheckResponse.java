package bascule.check;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What an HTTP check has received so far, parsed from the start each time more bytes arrive (a check
 * response fits in the 16 KiB check buffer, so re-parsing is cheaper than keeping parser state). Interim 1xx
 * responses are skipped. The body is de-chunked and cut at Content-Length; it is {@code complete} when its
 * framing says so, or at the end of the stream for a body delimited by the close.
 */
record HttpCheckResponse(State state, int status, String reason, byte[] body, boolean complete) {

    enum State {
        /** The status line and headers are not all there yet. */
        INCOMPLETE,
        /** Not an HTTP/1 response. */
        MALFORMED,
        /** Status and headers parsed; the body may still be partial. */
        HEADERS
    }

    private static final HttpCheckResponse INCOMPLETE = new HttpCheckResponse(State.INCOMPLETE, 0, "", new byte[0], false);
    private static final HttpCheckResponse MALFORMED = new HttpCheckResponse(State.MALFORMED, 0, "", new byte[0], false);

    static HttpCheckResponse parse(byte[] data, int size, boolean endOfStream, boolean headRequest) {
        int start = 0;
        while (true) {
            int end = headerEnd(data, start, size);
            if (end < 0) {
                return looksLikeHttp(data, start, size) ? INCOMPLETE : MALFORMED;
            }
            String head = new String(data, start, end - start, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r?\n");
            String statusLine = lines[0];
            if (!statusLine.matches("HTTP/\\d\\.\\d \\d{3}( .*)?")) {
                return MALFORMED;
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
            long contentLength = -1;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    return MALFORMED;
                }
                String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                if (name.equals("content-length")) {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return MALFORMED;
                    }
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            int bodyStart = end + (data[end] == '\r' ? 4 : 2);
            if (status >= 100 && status < 200 && status != 101) {
                start = bodyStart; // interim response: the real one follows
                continue;
            }
            if (headRequest || status == 204 || status == 304 || status < 200) {
                return new HttpCheckResponse(State.HEADERS, status, reason, new byte[0], true);
            }
            if (chunked) {
                return chunkedBody(data, bodyStart, size, status, reason);
            }
            if (contentLength >= 0) {
                int available = (int) Math.min(contentLength, size - bodyStart);
                return new HttpCheckResponse(State.HEADERS, status, reason,
                        java.util.Arrays.copyOfRange(data, bodyStart, bodyStart + available), available == contentLength);
            }
            return new HttpCheckResponse(State.HEADERS, status, reason,
                    java.util.Arrays.copyOfRange(data, bodyStart, size), endOfStream);
        }
    }

    private static HttpCheckResponse chunkedBody(byte[] data, int from, int size, int status, String reason) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int pos = from;
        while (true) {
            int eol = lineEnd(data, pos, size);
            if (eol < 0) {
                return new HttpCheckResponse(State.HEADERS, status, reason, body.toByteArray(), false);
            }
            String sizeLine = new String(data, pos, eol - pos, StandardCharsets.ISO_8859_1).strip();
            int semicolon = sizeLine.indexOf(';');
            int chunk;
            try {
                chunk = Integer.parseInt(semicolon >= 0 ? sizeLine.substring(0, semicolon).strip() : sizeLine, 16);
            } catch (NumberFormatException e) {
                return MALFORMED;
            }
            pos = eol + 2;
            if (chunk == 0) {
                return new HttpCheckResponse(State.HEADERS, status, reason, body.toByteArray(), true);
            }
            int available = Math.min(chunk, size - pos);
            body.write(data, pos, Math.max(0, available));
            if (available < chunk) {
                return new HttpCheckResponse(State.HEADERS, status, reason, body.toByteArray(), false);
            }
            pos += chunk + 2;
            if (pos > size) {
                return new HttpCheckResponse(State.HEADERS, status, reason, body.toByteArray(), false);
            }
        }
    }

    /** The index of the blank line ending the head ("\r\n\r\n" or "\n\n"), at its first byte; -1 if none yet. */
    private static int headerEnd(byte[] d, int from, int size) {
        for (int i = from; i < size - 1; i++) {
            if (d[i] == '\n' && d[i + 1] == '\n') {
                return i;
            }
            if (i < size - 3 && d[i] == '\r' && d[i + 1] == '\n' && d[i + 2] == '\r' && d[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] d, int from, int size) {
        for (int i = from; i < size - 1; i++) {
            if (d[i] == '\r' && d[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A prefix that can still become "HTTP/x.y ...": garbage is judged at once, not after the timeout. */
    private static boolean looksLikeHttp(byte[] d, int from, int size) {
        byte[] expected = "HTTP/".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < expected.length && from + i < size; i++) {
            if (d[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
