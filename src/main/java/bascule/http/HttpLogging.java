package bascule.http;

import bascule.logformat.LogEntry;
import bascule.model.LogSpec;
import bascule.proxy.Frontend;
import bascule.proxy.ProxyRuntime;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns an HTTP transaction into its log line's facts (HAProxy's httplog fields), and makes the captures
 * the frontend declared ({@code capture request|response header}, {@code capture cookie}).
 */
final class HttpLogging {
    private HttpLogging() {
    }

    /** {@code capture request header} and {@code capture cookie} on a request head as it arrived. */
    static void captureRequest(LogSpec spec, HttpTxn t, HttpRequest request) {
        captureHeaders(spec.requestCaptures(), request.headers(), t.requestCaptures);
        if (spec.cookie() != null) {
            t.capturedRequestCookie = cookie(request.headers().getAll(HttpHeaderNames.COOKIE), spec.cookie(), "; ");
        }
    }

    /** {@code capture response header} and the {@code Set-Cookie} of {@code capture cookie}. */
    static void captureResponse(LogSpec spec, HttpTxn t, HttpResponse response) {
        captureHeaders(spec.responseCaptures(), response.headers(), t.responseCaptures);
        if (spec.cookie() != null) {
            t.capturedResponseCookie = cookie(response.headers().getAll(HttpHeaderNames.SET_COOKIE), spec.cookie(),
                    null);
        }
    }

    /** Fills the slots that name a header with its last value, truncated to the slot's length. */
    private static void captureHeaders(List<LogSpec.CaptureSlot> slots, HttpHeaders headers, Map<Integer, String> into) {
        for (int i = 0; i < slots.size(); i++) {
            LogSpec.CaptureSlot s = slots.get(i);
            if (s.header() != null) {
                String v = lastValue(headers, s.header());
                if (v != null) {
                    into.put(i, truncate(v, s.length()));
                }
            }
        }
    }

    /** The value of the last field with this name (HAProxy keeps the last one it met), or null. */
    private static String lastValue(HttpHeaders headers, String name) {
        List<String> all = headers.getAll(name);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static String truncate(String v, int len) {
        return v.length() > len ? v.substring(0, len) : v;
    }

    /**
     * The first "name=value..." of the captured cookie: in a request's Cookie lines (split on {@code sep}) or
     * in a Set-Cookie line (the whole line from the name on), truncated to the capture's length.
     */
    private static String cookie(List<String> lines, LogSpec.CookieCapture c, String sep) {
        for (String line : lines) {
            String[] parts = sep == null ? new String[] {line} : line.split(";");
            for (String p : parts) {
                String s = p.strip();
                if (s.startsWith(c.name() + "=")) {
                    return truncate(sep == null ? line.strip() : s, c.length());
                }
            }
        }
        return null;
    }

    /**
     * A head's size as HAProxy counts it for {@code %B} and {@code %U}: its internal (HTX) form, where a head
     * costs a fixed 21 bytes plus the start line's three parts and each field's name and value, without the
     * separators and line ends of HTTP/1. Checked against HAProxy 2.6 by the log differential test.
     */
    static long headSize(HttpMessage m) {
        long n = 21;
        if (m instanceof HttpResponse r) {
            n += r.protocolVersion().text().length() + 3 + r.status().reasonPhrase().length();
        } else {
            HttpRequest q = (HttpRequest) m;
            n += q.method().name().length() + q.uri().length() + q.protocolVersion().text().length();
        }
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = m.headers().iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next(); // as stored: no String made per field
            n += h.getKey().length() + h.getValue().length();
        }
        return n;
    }

    /** A head's size on the wire in HTTP/1 (start line, fields, blank line): what {@code bin}/{@code bout} count. */
    static long wireSize(HttpMessage m) {
        long n;
        if (m instanceof HttpResponse r) {
            n = r.protocolVersion().text().length() + 5 + r.status().reasonPhrase().length() + 2;
        } else {
            HttpRequest q = (HttpRequest) m;
            n = q.method().name().length() + q.uri().length() + q.protocolVersion().text().length() + 4;
        }
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = m.headers().iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n + 2;
    }

    /** The log facts of a transaction that ended (or was cut short) now. */
    static LogEntry entry(HttpTxn t, Channel client, Frontend frontend, ProxyRuntime runtime, LogSpec spec) {
        Channel server = t.serverChannel;
        long now = System.nanoTime();
        LogEntry e = new LogEntry();
        e.sample = t;
        e.client = t.source();
        e.frontendAddress = client.localAddress() instanceof InetSocketAddress a ? a : null;
        if (server != null && t.server() != null) {
            e.backendSource = server.localAddress() instanceof InetSocketAddress a ? a : null;
            e.serverAddress = server.remoteAddress() instanceof InetSocketAddress a ? a : null;
        }
        e.acceptEpochMillis = t.acceptEpochMillis;
        e.requestEpochMillis = t.requestEpochMillis;
        e.frontend = frontend.name();
        e.backend = t.backend() != null ? t.backend().name() : frontend.name();
        bascule.proxy.Server tried = t.server() != null ? t.server()
                : t.connector != null ? t.connector.lastServer() : null;
        e.server = t.service != null ? t.service.logName() : tried != null ? tried.name() : "<NOSRV>";
        e.th = 0;
        e.ti = millis(t.startNanos - t.acceptNanos);
        e.tR = 0;
        if (t.connector != null) {
            e.tw = t.connector.queueMillis() >= 0 ? t.connector.queueMillis() : tried != null ? 0 : -1;
            e.tc = t.connector.connectMillis();
            e.retries = t.connector.retries();
            e.redispatched = t.connector.redispatched();
            e.backendQueue = t.connector.queuePosition();
        } else if (t.service != null || t.response != null) {
            e.tw = -1;
            e.tc = -1;
        }
        e.tr = t.responseHeadNanos > 0 && t.connectedNanos > 0 ? millis(t.responseHeadNanos - t.connectedNanos) : -1;
        e.tt = millis(now - t.acceptNanos);
        e.status = t.response != null ? t.response.status().code() : -1;
        e.bytesOut = t.responseHeadBytes + t.responseBytes;
        e.bytesIn = t.requestHeadBytes + t.requestBytes;
        e.requestCookie = t.capturedRequestCookie;
        e.responseCookie = t.capturedResponseCookie;
        e.end(t.endCause, t.endPhase);
        e.cookieRequest = t.cookieRequest;
        e.cookieResponse = t.cookieResponse;
        e.actconn = t.actconnAtEnd >= 0 ? t.actconnAtEnd : runtime.activeStreams();
        e.feconn = t.feconnAtEnd >= 0 ? t.feconnAtEnd : frontend.currentConnections();
        e.beconn = t.backend() != null ? t.backend().currentSessions() : 0;
        e.srvconn = t.server() != null ? t.server().currentConnections() : 0;
        e.requestHeaders = captures(spec.requestCaptures().size(), t.requestCaptures);
        e.responseHeaders = captures(spec.responseCaptures().size(), t.responseCaptures);
        e.method = t.request.method().name();
        e.uri = t.originalUri;
        e.version = t.clientVersion.text();
        e.uniqueId = t.uniqueId;
        e.requestCounter = t.requestCounter;
        e.levelOverride = t.logLevel;
        return e;
    }

    /** The line of a request the parser refused (or that never came): {@code <BADREQ>}, no backend. */
    static LogEntry badRequest(Channel client, Frontend frontend, ProxyRuntime runtime, int status, char cause,
                               long acceptNanos, long acceptEpochMillis, long bytesIn) {
        LogEntry e = new LogEntry();
        e.client = client.remoteAddress() instanceof InetSocketAddress a ? a : null;
        e.frontendAddress = client.localAddress() instanceof InetSocketAddress a ? a : null;
        e.acceptEpochMillis = acceptEpochMillis;
        e.requestEpochMillis = acceptEpochMillis;
        e.frontend = frontend.name();
        e.backend = frontend.name();
        e.server = "<NOSRV>";
        e.ti = -1;
        e.tR = -1;
        e.tt = millis(System.nanoTime() - acceptNanos);
        e.status = status;
        e.bytesIn = bytesIn;
        e.nothingReceived = bytesIn == 0;
        e.end(cause, 'R');
        e.actconn = runtime.activeStreams();
        e.feconn = frontend.currentConnections();
        return e;
    }

    private static List<String> captures(int slots, Map<Integer, String> values) {
        if (slots == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            out.add(values.get(i));
        }
        return out;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
