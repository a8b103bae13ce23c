package bascule.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The framing rules both directions share, applied to a head Netty has already parsed strictly: one walk
 * over the header fields counts them and checks Host, Content-Length and Transfer-Encoding together.
 *
 * <p>Content-Length: every value in every field must be plain decimal digits; several equal values (in one
 * field as a list or in several fields) are accepted, as HAProxy does, and replaced by one field so that they
 * are never forwarded as received; differing values are an error. Transfer-Encoding: the codings of all
 * fields, in order, must be tokens without parameters, end with {@code chunked} and name it once.
 * With Content-Length too, Netty has already dropped Content-Length and reads chunked, which is what HAProxy
 * does (RFC 9112 section 6.3 allows it); Transfer-Encoding in an HTTP/1.0 message is an error.
 */
final class HeadRules {
    /** Where a walk found nothing wrong. */
    static final HttpError OK = null;

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HeadRules() {
    }

    static boolean isTchar(int c) {
        return c < 128 && c >= 0 && TCHAR[c];
    }

    /** What the header walk learned, for the request-only rules that follow it. */
    static final class Fields {
        int count;
        int hosts;
        CharSequence host;
        boolean chunked;
        /** A coding other than chunked was named: HAProxy answers 422 to such requests. */
        boolean otherCoding;
    }

    /**
     * Walks the header fields once. Returns an error (with {@code status} for framing faults) or
     * {@link #OK}, filling {@code out}; normalizes repeated equal Content-Length values into one field.
     */
    static HttpError walk(HttpMessage message, HttpLimits limits, int status, Fields out) {
        HttpHeaders headers = message.headers();
        long length = -1;
        int lengthValues = 0;
        int chunkedSeen = 0;
        boolean transferEncoding = false;
        boolean lastIsChunked = false;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            out.count++;
            CharSequence name = field.getKey();
            CharSequence value = field.getValue();
            if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.HOST)) {
                out.hosts++;
                out.host = value;
            } else if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONTENT_LENGTH)) {
                // Netty may have merged several fields into this one: check the values as received.
                List<String> received = headers instanceof DecodedHeaders decoded ? decoded.receivedLengths() : null;
                if (received == null) {
                    received = List.of(value.toString());
                }
                for (String v : received) {
                    int start = 0;
                    int n = v.length();
                    do {
                        int comma = indexOf(v, ',', start);
                        long parsed = decimal(v, start, comma);
                        if (parsed < 0) {
                            return new HttpError(status, "malformed Content-Length '" + v + "'");
                        }
                        if (length >= 0 && parsed != length) {
                            return new HttpError(status, "conflicting Content-Length values");
                        }
                        length = parsed;
                        lengthValues++;
                        start = comma + 1;
                    } while (start <= n);
                }
            } else if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRANSFER_ENCODING)) {
                transferEncoding = true;
                int start = 0;
                int n = value.length();
                do {
                    int comma = indexOf(value, ',', start);
                    int s = skipOws(value, start, comma);
                    int e = trimOws(value, s, comma);
                    if (s < e) { // empty list elements are allowed and ignored
                        for (int i = s; i < e; i++) {
                            if (!isTchar(value.charAt(i))) {
                                return new HttpError(status, "malformed Transfer-Encoding '" + value + "'");
                            }
                        }
                        if (lastIsChunked) {
                            return new HttpError(status, "Transfer-Encoding applies a coding after chunked");
                        }
                        lastIsChunked = e - s == 7
                                && AsciiString.regionMatches(value, true, s, HttpHeaderValues.CHUNKED, 0, 7);
                        if (lastIsChunked) {
                            chunkedSeen++;
                        } else {
                            out.otherCoding = true;
                        }
                    }
                    start = comma + 1;
                } while (start <= n);
            }
        }
        // HAProxy's header table has tune.http.maxhdr slots and the last one marks the end: with the default
        // 101, 100 fields pass and 101 are refused (verified against HAProxy 2.6.12).
        if (out.count >= limits.maxHeaders()) {
            return new HttpError(status == 400 ? 431 : status,
                    "more than " + (limits.maxHeaders() - 1) + " header fields (tune.http.maxhdr "
                            + limits.maxHeaders() + ")");
        }
        if (transferEncoding) {
            if (message.protocolVersion() == HttpVersion.HTTP_1_0) {
                return new HttpError(status, "Transfer-Encoding in an HTTP/1.0 message");
            }
            if (!lastIsChunked || chunkedSeen > 1) {
                return new HttpError(status, "Transfer-Encoding must end with chunked, named once");
            }
            out.chunked = true;
        } else if (lengthValues > 1) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
        }
        return OK;
    }

    /** Digits only, no sign, no overflow; -1 when the range [from, to) is not that, OWS around allowed. */
    private static long decimal(CharSequence s, int from, int to) {
        int start = skipOws(s, from, to);
        int end = trimOws(s, start, to);
        if (start == end || end - start > 18) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int indexOf(CharSequence s, char c, int from) {
        for (int i = from, n = s.length(); i < n; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return s.length();
    }

    private static int skipOws(CharSequence s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimOws(CharSequence s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
