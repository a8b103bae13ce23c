package bascule.logformat;

import bascule.sample.SampleContext;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The facts one traffic log line is made of: a TCP stream, or an HTTP transaction. The stream fills it in
 * as it goes, on its own event loop, and hands it to {@link bascule.log.TrafficLog#emit} once it ended; the log format
 * then reads it. Times are milliseconds, -1 for a phase never reached, as in HAProxy's timers; addresses
 * and names are null when unknown (written "-").
 */
public final class LogEntry {
    /** What {@code %[fetch]} samples read: the stream or transaction itself. */
    public SampleContext sample;

    public InetSocketAddress client;
    /** The address the client connected to ({@code %fi:%fp}). */
    public InetSocketAddress frontendAddress;
    /** The local address of the server connection ({@code %bi:%bp}). */
    public InetSocketAddress backendSource;
    /** The server's address ({@code %si:%sp}). */
    public InetSocketAddress serverAddress;

    /** When the connection (or, for a later keep-alive request, the end of the previous one) began. */
    public long acceptEpochMillis;
    /** When the request began ({@code %tr}); the accept date in TCP mode. */
    public long requestEpochMillis;

    public String frontend;
    public boolean tls;
    public String backend;
    public String server;

    /** Handshake ({@code %Th}), idle ({@code %Ti}), request ({@code %TR}). */
    public long th;
    public long ti = -1;
    public long tR = -1;
    /** Queue ({@code %Tw}), connect ({@code %Tc}), server response ({@code %Tr}), total ({@code %Tt}). */
    public long tw = -1;
    public long tc = -1;
    public long tr = -1;
    public long tt = -1;

    /** HTTP status sent to the client ({@code %ST}), -1 when none. */
    public int status = -1;
    /** Bytes sent to the client ({@code %B}) and received from it ({@code %U}), heads included. */
    public long bytesOut;
    public long bytesIn;

    /** Captured request and response cookie ({@code capture cookie}), or null. */
    public String requestCookie;
    public String responseCookie;

    /** Termination state: who or what ended the stream, and in which phase ({@code '-'} for normal). */
    /**
     * {@code option logasap}: the line is written before the end, so the total time and the bytes read are
     * only what they are so far, and show a {@code +} in front as HAProxy writes them.
     */
    public boolean early;
    public char endCause = '-';
    public char endPhase = '-';
    /** Persistence cookie status chars of {@code %tsc}, or 0 when the backend has no {@code cookie}. */
    public char cookieRequest;
    public char cookieResponse;

    /** Process, frontend, backend and server connections when the line is made ({@code %ac/%fc/%bc/%sc}). */
    public int actconn;
    public int feconn;
    public int beconn;
    public int srvconn;
    public int retries;
    public boolean redispatched;
    public int serverQueue;
    public int backendQueue;

    /** Captured request and response headers, one entry per declared capture (null: nothing captured). */
    public List<String> requestHeaders = List.of();
    public List<String> responseHeaders = List.of();

    /** The request line parts, null in TCP mode or when no valid request came ({@code <BADREQ>}). */
    public String method;
    public String uri;
    public String version;

    public String uniqueId;
    /** The process-wide request counter ({@code %rt}). */
    public long requestCounter;
    /** The level set by {@code set-log-level}, or null for the default. */
    public String levelOverride;
    /** True when the client sent nothing at all ({@code option dontlognull} skips such lines). */
    public boolean nothingReceived;

    /**
     * True for the lines {@code option log-separate-errors} raises and {@code dontlog-normal} keeps, as HAProxy
     * tells them: a redispatch, a retry, a 5xx, or any termination cause but a local answer ('L').
     */
    public boolean isError() {
        return redispatched || endCause != '-' && endCause != 'L' || endCause == '-' && retries > 0
                || status >= 500;
    }

    /** Sets the termination state unless one was set already: the first cause is the one logged. */
    public void end(char cause, char phase) {
        if (endCause == '-' && endPhase == '-') {
            endCause = cause;
            endPhase = phase;
        }
    }
}
