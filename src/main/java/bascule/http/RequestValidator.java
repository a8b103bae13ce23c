package bascule.http;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMessageDecoderResult;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;

/**
 * The request rules of a frontend connection, on top of Netty's strict parsing: version, head size, method,
 * request target, header count, Host, and the framing rules of {@link HeadRules}. Statuses follow the HTTP
 * meaning (414, 431, 422, 501, 505) where HAProxy 2.6 often answers a plain 400; the corpus in
 * {@code src/test/resources/http/malformed} records both.
 */
final class RequestValidator extends MessageValidator {
    private final HttpLimits limits;

    RequestValidator(HttpLimits limits, MessageTap tap) {
        super(tap);
        this.limits = limits;
    }

    @Override
    HttpError decoderError(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new HttpError(414, "request line longer than " + limits.headLimit() + " bytes");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new HttpError(431, "request head larger than " + limits.headLimit() + " bytes");
        }
        return new HttpError(400, "malformed request: " + cause.getMessage());
    }

    @Override
    HttpError bodyError(String reason) {
        return new HttpError(400, "malformed request body: " + reason);
    }

    @Override
    HttpError check(HttpMessage head) {
        HttpRequest request = (HttpRequest) head;
        HttpVersion version = request.protocolVersion();
        // Netty returns its constants only for the exact spellings "HTTP/1.0" and "HTTP/1.1".
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            // Anything else well formed is another version (505); a variant spelling of 1.0 or 1.1 such as
            // "http/1.1" is malformed (400), as HAProxy answers.
            boolean http = version.protocolName().equals("HTTP");
            boolean variantSpelling = version.majorVersion() == 1 && version.minorVersion() <= 1;
            return http && !variantSpelling
                    ? new HttpError(505, "HTTP version " + version + " is not supported on an HTTP/1 connection")
                    : new HttpError(400, "malformed HTTP version");
        }
        if (head.decoderResult() instanceof HttpMessageDecoderResult sizes
                && sizes.totalSize() > limits.headLimit()) {
            return new HttpError(431, "request head larger than " + limits.headLimit() + " bytes");
        }
        if (request.method() == HttpMethod.CONNECT || request.method().name().equals("CONNECT")) {
            return new HttpError(501, "CONNECT is not supported yet");
        }
        String target = request.uri();
        int authorityStart = targetForm(request.method(), target);
        if (authorityStart == BAD_TARGET) {
            return new HttpError(400, "malformed request target");
        }
        HeadRules.Fields fields = new HeadRules.Fields();
        HttpError error = HeadRules.walk(request, limits, 400, fields);
        if (error != null) {
            return error;
        }
        if (fields.otherCoding) {
            return new HttpError(422, "Transfer-Encoding codings other than chunked are not accepted in requests");
        }
        if (fields.hosts > 1) {
            return new HttpError(400, "several Host header fields");
        }
        if (fields.hosts == 1 && !validHost(fields.host)) {
            return new HttpError(400, "malformed Host header field");
        }
        if (authorityStart > 0) {
            if (fields.hosts == 1 && !authorityMatches(target, authorityStart, fields.host)) {
                return new HttpError(400, "absolute-form request target disagrees with Host");
            }
        } else if (fields.hosts == 0 && version == HttpVersion.HTTP_1_1) {
            return new HttpError(400, "HTTP/1.1 request without Host");
        }
        return null;
    }

    private static final int BAD_TARGET = -1;

    /**
     * 0 for origin-form ("/...") and OPTIONS asterisk-form, the index after "://" for absolute-form,
     * {@link #BAD_TARGET} otherwise. Every character must be visible ASCII, and no '#': a fragment is
     * never sent.
     */
    private static int targetForm(HttpMethod method, String target) {
        int n = target.length();
        if (n == 0) {
            return BAD_TARGET;
        }
        for (int i = 0; i < n; i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                return BAD_TARGET;
            }
        }
        char first = target.charAt(0);
        if (first == '/') {
            return 0;
        }
        if (first == '*') {
            return n == 1 && method.equals(HttpMethod.OPTIONS) ? 0 : BAD_TARGET;
        }
        int i = 0;
        while (i < n && isSchemeChar(target.charAt(i), i == 0)) {
            i++;
        }
        if (i > 0 && target.startsWith("://", i) && i + 3 < n && target.charAt(i + 3) != '/') {
            return i + 3;
        }
        return BAD_TARGET;
    }

    private static boolean isSchemeChar(char c, boolean first) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        return !first && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.');
    }

    /** Host is a reg-name, IPv4 or [IPv6] literal with an optional port: unreserved, sub-delims, %, :, [ ]. */
    private static boolean validHost(CharSequence host) {
        for (int i = 0, n = host.length(); i < n; i++) {
            char c = host.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=%:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean authorityMatches(String target, int start, CharSequence host) {
        int end = start;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        int at = target.lastIndexOf('@', end - 1);
        if (at >= start) {
            start = at + 1;
        }
        return end - start == host.length()
                && AsciiString.regionMatches(target, true, start, host, 0, host.length());
    }
}
