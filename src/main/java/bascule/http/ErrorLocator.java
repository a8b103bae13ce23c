package bascule.http;

import java.nio.charset.StandardCharsets;

/**
 * Finds where HAProxy's HTTP/1 parser stops on a refused message, for the "error at position" of
 * {@code show errors}. Bascule's own parser (Netty's, plus the validators) does not report byte offsets, so
 * the refused bytes are walked once more here, on the error path only, with the rules whose stopping points
 * were observed on HAProxy 2.6:
 * <ul>
 *   <li>a byte the syntax does not allow (method, target, version, header name, chunk size): at that byte;
 *       a bare CR: at the byte after it; a request line without a version: at its CR;</li>
 *   <li>a Content-Length that is not a number or disagrees with an earlier one, a Transfer-Encoding coding
 *       after {@code chunked}, a second Host, a target that is neither origin-form nor agrees with Host:
 *       at the start of that header's value;</li>
 *   <li>a Transfer-Encoding that does not end with {@code chunked}, or any other fault found once the head is
 *       whole: at the end of the head;</li>
 *   <li>chunk data longer than its size: where the CRLF was expected.</li>
 * </ul>
 * When the walk finds nothing, the position is the end of the head, or of the bytes when the head is
 * incomplete.
 */
final class ErrorLocator {
    /** HAProxy refuses chunk sizes from 2^52 on. */
    private static final long CHUNK_LIMIT = 1L << 52;

    private final byte[] b;
    private final int n;
    private int p;
    /** The head announced a chunked body, whose syntax is walked too. */
    private boolean chunkedBody;

    private ErrorLocator(byte[] bytes) {
        this.b = bytes;
        this.n = bytes.length;
    }

    /** The offset in {@code bytes} (a request when {@code request}) where parsing stops. */
    static int find(byte[] bytes, boolean request) {
        return new ErrorLocator(bytes).walk(request);
    }

    /** Thrown to stop the walk at {@link #p}; never escapes {@link #find}. */
    private static final class Stop extends RuntimeException {
        private static final Stop INSTANCE = new Stop();

        private Stop() {
            super(null, null, false, false);
        }
    }

    private int walk(boolean request) {
        try {
            if (request) {
                requestLine();
            } else {
                statusLine();
            }
            int headEnd = headers(request);
            return chunkedBody ? chunks() : headEnd;
        } catch (Stop stop) {
            return p;
        }
    }

    private int at(int i) {
        return i < n ? b[i] & 0xff : -1;
    }

    private Stop stopAt(int i) {
        p = i;
        return Stop.INSTANCE;
    }

    /** End of the data while the head is incomplete: the parser stops at the last byte it has. */
    private void need(int i) {
        if (i >= n) {
            throw stopAt(n);
        }
    }

    private void requestLine() {
        while (at(p) == '\r' || at(p) == '\n') {
            p++; // HAProxy skips empty lines before a request
        }
        need(p);
        if (!HeadRules.isTchar(at(p))) {
            throw stopAt(p);
        }
        while (HeadRules.isTchar(at(p))) {
            p++;
        }
        need(p);
        if (at(p) != ' ') {
            throw stopAt(p);
        }
        while (at(p) == ' ') {
            p++;
        }
        need(p);
        while (true) {
            int c = at(p);
            need(p);
            if (c == ' ' || c == '\t') {
                break; // HAProxy ends the target at a tab as at a space
            }
            if (c == '\r' || c == '\n') {
                // No version (HTTP/0.9): at the line end, or after a CR that no LF follows.
                throw stopAt(c == '\r' && p + 1 < n && at(p + 1) != '\n' ? p + 1 : p);
            }
            if (c < 0x21 || c > 0x7e || c == '#') {
                throw stopAt(p);
            }
            p++;
        }
        while (at(p) == ' ' || at(p) == '\t') {
            p++;
        }
        version();
        lineEnd();
    }

    private void statusLine() {
        version();
        need(p);
        if (at(p) != ' ') {
            throw stopAt(p);
        }
        p++;
        for (int i = 0; i < 3; i++, p++) {
            need(p);
            if (at(p) < '0' || at(p) > '9') {
                throw stopAt(p);
            }
        }
        while (true) {
            need(p);
            int c = at(p);
            if (c == '\r' || c == '\n') {
                break;
            }
            p++;
        }
        lineEnd();
    }

    /** "HTTP/" digit "." digit, checked byte by byte. */
    private void version() {
        String expected = "HTTP/0.0";
        for (int i = 0; i < expected.length(); i++, p++) {
            need(p);
            int c = at(p);
            boolean ok = expected.charAt(i) == '0' ? c >= '0' && c <= '9' : c == expected.charAt(i);
            if (!ok) {
                throw stopAt(p);
            }
        }
    }

    /** CRLF or LF; a CR that no LF follows stops at the byte after it. */
    private void lineEnd() {
        need(p);
        if (at(p) == '\r') {
            p++;
            need(p);
            if (at(p) != '\n') {
                throw stopAt(p);
            }
        } else if (at(p) != '\n') {
            throw stopAt(p);
        }
        p++;
    }

    /** The header block; returns the offset after the empty line. */
    private int headers(boolean request) {
        HeaderFacts facts = new HeaderFacts();
        boolean first = true;
        while (true) {
            need(p);
            int c = at(p);
            if (c == '\r' || c == '\n') {
                lineEnd();
                break;
            }
            if ((c == ' ' || c == '\t') && !first) {
                skipValue(); // an obs-fold continuation line
                continue;
            }
            int nameStart = p;
            while (HeadRules.isTchar(at(p))) {
                p++;
            }
            need(p);
            if (p == nameStart || at(p) != ':') {
                throw stopAt(p);
            }
            String name = new String(b, nameStart, p - nameStart, StandardCharsets.ISO_8859_1);
            p++;
            while (at(p) == ' ' || at(p) == '\t') {
                p++;
            }
            int valueStart = p;
            int valueEnd = skipValue();
            facts.header(this, name, valueStart, new String(b, valueStart, valueEnd - valueStart,
                    StandardCharsets.ISO_8859_1).strip(), request);
            first = false;
        }
        int headEnd = p;
        if (facts.teSeen && !facts.chunked || facts.badTarget) {
            throw stopAt(headEnd);
        }
        chunkedBody = facts.chunked;
        return headEnd;
    }

    /** A header value up to and over its line end; returns where the value ends. */
    private int skipValue() {
        while (true) {
            need(p);
            int c = at(p);
            if (c == 0) {
                throw stopAt(p);
            }
            if (c == '\r' || c == '\n') {
                int end = p;
                lineEnd();
                return end;
            }
            p++;
        }
    }

    /** A chunked body, up to its trailers. */
    private int chunks() {
        while (true) {
            long size = chunkSize();
            if (size == 0) {
                headers(false); // trailers
                return p;
            }
            if (p + size > n) {
                return n;
            }
            p += (int) size;
            lineEnd();
        }
    }

    private long chunkSize() {
        need(p);
        if (Character.digit(at(p), 16) < 0) {
            throw stopAt(p);
        }
        long size = 0;
        while (p < n && Character.digit(at(p), 16) >= 0) {
            size = size << 4 | Character.digit(at(p), 16);
            if (size >= CHUNK_LIMIT) {
                throw stopAt(p);
            }
            p++;
        }
        while (at(p) == ' ' || at(p) == '\t') {
            p++;
        }
        need(p);
        if (at(p) == ';') {
            while (p < n && at(p) != '\r' && at(p) != '\n') {
                p++;
            }
        }
        lineEnd();
        return size;
    }

    /** What the headers said so far, and the checks HAProxy makes on each as it reads it. */
    private static final class HeaderFacts {
        boolean teSeen;
        boolean chunked;
        boolean badTarget;
        long contentLength = -1;
        int hosts;

        void header(ErrorLocator l, String name, int valueStart, String value, boolean request) {
            if (name.equalsIgnoreCase("content-length")) {
                for (String part : value.split(",", -1)) {
                    String v = part.strip();
                    long len = v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit)
                            ? -1 : Long.parseLong(v);
                    if (len < 0 || contentLength >= 0 && len != contentLength) {
                        throw l.stopAt(valueStart);
                    }
                    contentLength = len;
                }
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                teSeen = true;
                for (String coding : value.split(",", -1)) {
                    if (chunked) {
                        throw l.stopAt(valueStart); // nothing may follow chunked
                    }
                    chunked = coding.strip().equalsIgnoreCase("chunked");
                }
            } else if (request && name.equalsIgnoreCase("host")) {
                if (++hosts > 1) {
                    throw l.stopAt(valueStart);
                }
                // A target HAProxy cannot square with Host (not origin-form, or another authority) stops here.
                int target = l.targetStart();
                if (target >= 0 && l.at(target) != '/' && l.at(target) != '*' && !l.authorityIs(target, value)) {
                    throw l.stopAt(valueStart);
                }
            }
        }
    }

    /** Where the request target starts, or -1. */
    private int targetStart() {
        int i = 0;
        while (at(i) == '\r' || at(i) == '\n') {
            i++;
        }
        while (i < n && at(i) != ' ') {
            i++;
        }
        while (at(i) == ' ') {
            i++;
        }
        return i < n ? i : -1;
    }

    /** True when the absolute-form target at {@code start} names {@code host} as its authority. */
    private boolean authorityIs(int start, String host) {
        int end = start;
        while (end < n && at(end) != ' ') {
            end++;
        }
        String target = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            return false;
        }
        int from = scheme + 3;
        int to = from;
        while (to < target.length() && target.charAt(to) != '/' && target.charAt(to) != '?') {
            to++;
        }
        return target.substring(from, to).equalsIgnoreCase(host);
    }
}
