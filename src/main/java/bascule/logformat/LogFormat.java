package bascule.logformat;

import bascule.sample.SampleExpr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * A compiled log-format string. Rendering follows HAProxy's rules: an unescaped space is a separator, written
 * once however many there are and only after something that was written, so fields that render nothing
 * (such as {@code %hr} without captures) leave no double space; a missing value is {@code -} (or {@code ""}
 * when quoted); {@code +Q} quotes text values, {@code +X} writes numbers and addresses in upper-case hex,
 * {@code +E} backslash-escapes quotes, backslashes and brackets. With {@code %{+json}o} the line is a JSON
 * object instead, one key per variable (its {@code %(name)}, or a default name). Immutable and thread-safe.
 */
public final class LogFormat {
    static final int QUOTE = 1;
    static final int HEX = 2;
    static final int ESCAPE = 4;
    static final int JSON = 8;
    /** Header formats: a missing value is written as nothing rather than {@code -}. */
    static final int BLANK = 16;

    private static final String[] HEX_DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C",
        "D", "E", "F"};

    sealed interface Node permits Text, Separator, Var, Fetch {
    }

    record Text(String text) implements Node {
    }

    record Separator() implements Node {
    }

    record Var(LogVar var, int flags, String key) implements Node {
    }

    record Fetch(SampleExpr expr, int flags, String key) implements Node {
    }

    /** The facts of the process a line may show ({@code %pid}, {@code %H}) and the frontend's line counter. */
    public record Process(long pid, String hostname) {
        /** This process: its pid and the host's name, looked up once. */
        public static Process local() {
            return Local.INSTANCE;
        }

        private static final class Local {
            static final Process INSTANCE = new Process(ProcessHandle.current().pid(), lookUpHost());

            private static String lookUpHost() {
                try {
                    return java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    return "-";
                }
            }
        }
    }

    private final String source;
    private final Node[] nodes;
    private final boolean json;
    private final boolean usesSamples;
    private final boolean usesVariables;
    private final boolean header;

    LogFormat(String source, List<Node> nodes, boolean json, boolean header) {
        this.source = source;
        this.nodes = nodes.toArray(new Node[0]);
        this.json = json;
        this.header = header;
        this.usesSamples = nodes.stream().anyMatch(n -> n instanceof Fetch);
        this.usesVariables = nodes.stream().anyMatch(n -> n instanceof Var);
    }

    /** The text the format was compiled from. */
    public String source() {
        return source;
    }

    public boolean isJson() {
        return json;
    }

    /** True when some field is a {@code %[sample]} (the entry's sample context must stay valid). */
    public boolean usesSamples() {
        return usesSamples;
    }

    /** True when some field is a variable such as {@code %ci} (rendering needs a whole {@link LogEntry}). */
    public boolean usesVariables() {
        return usesVariables;
    }

    /** True for a format of a header value or the like ({@link LogFormatCompiler#compileHeader}). */
    public boolean isHeader() {
        return header;
    }

    /** The text when the format holds no field at all, else null. */
    public String constant() {
        if (usesSamples || usesVariables) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            b.append(n instanceof Text t ? t.text() : " ");
        }
        return b.toString();
    }

    /** The line for {@code e}; {@code logCounter} is the frontend's count of lines ({@code %lc}). */
    public String render(LogEntry e, Process process, long logCounter) {
        StringBuilder b = new StringBuilder(256);
        if (json) {
            renderJson(e, process, logCounter, b);
            return b.toString();
        }
        boolean lastSpace = true;
        for (Node n : nodes) {
            switch (n) {
                case Text t -> {
                    b.append(t.text());
                    lastSpace = false;
                }
                case Separator s -> {
                    if (!lastSpace) {
                        b.append(' ');
                        lastSpace = true;
                    }
                }
                case Var v -> {
                    int before = b.length();
                    value(v.var(), v.flags(), e, process, logCounter, b);
                    if (b.length() != before) {
                        lastSpace = false;
                    }
                }
                case Fetch f -> {
                    String s = e.sample == null ? null : f.expr().evaluateString(e.sample);
                    if (header) {
                        headerValue(s, b);
                    } else {
                        text(s, f.flags(), b);
                    }
                    lastSpace = false;
                }
            }
        }
        return b.toString();
    }

    /**
     * A header format with no variable: only literal text and samples, so no {@link LogEntry} is needed.
     */
    public String renderSamples(bascule.sample.SampleContext ctx) {
        StringBuilder b = new StringBuilder(64);
        for (Node n : nodes) {
            if (n instanceof Text t) {
                b.append(t.text());
            } else if (n instanceof Fetch f) {
                headerValue(f.expr().evaluateString(ctx), b);
            } else if (n instanceof Separator) {
                b.append(' ');
            }
        }
        return b.toString();
    }

    /**
     * A sample in a header format, as HAProxy writes it there: never quoted, nothing when missing, and control
     * characters other than tab (and DEL) written as {@code %XX}, so a sample can never break a header line.
     */
    private static void headerValue(String s, StringBuilder b) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 32 && c != '\t' || c == 127) {
                b.append('%').append(HEX_DIGITS[(c >> 4) & 15]).append(HEX_DIGITS[c & 15]);
            } else {
                b.append(c);
            }
        }
    }

    private void renderJson(LogEntry e, Process process, long logCounter, StringBuilder b) {
        b.append('{');
        boolean first = true;
        StringBuilder v = new StringBuilder(32);
        for (Node n : nodes) {
            String key;
            boolean raw; // a number, null or an array: written as is
            v.setLength(0);
            if (n instanceof Var var) {
                key = var.key();
                raw = jsonValue(var.var(), e, process, logCounter, v);
            } else if (n instanceof Fetch f) {
                key = f.key();
                String s = e.sample == null ? null : f.expr().evaluateString(e.sample);
                raw = s == null;
                v.append(s == null ? "null" : s);
            } else {
                continue;
            }
            if (!first) {
                b.append(", ");
            }
            first = false;
            jsonString(key, b);
            b.append(": ");
            if (raw) {
                b.append(v);
            } else {
                jsonString(v, b);
            }
        }
        b.append('}');
    }

    /**
     * A variable's value for JSON into {@code v}; returns true when it is raw JSON (a number, null or an
     * array) and false when it is a string to quote.
     */
    private static boolean jsonValue(LogVar var, LogEntry e, Process process, long logCounter, StringBuilder v) {
        switch (var) {
            case REQUEST_HEADERS, REQUEST_HEADERS_LIST -> {
                jsonList(e.requestHeaders, v);
                return true;
            }
            case RESPONSE_HEADERS, RESPONSE_HEADERS_LIST -> {
                jsonList(e.responseHeaders, v);
                return true;
            }
            default -> value(var, JSON, e, process, logCounter, v);
        }
        if (v.length() == 1 && v.charAt(0) == '-' && (var.numeric() || isAbsent(var, e))) {
            v.setLength(0);
            v.append("null");
            return true;
        }
        return var.numeric() || var == LogVar.RETRIES && !e.redispatched;
    }

    private static boolean isAbsent(LogVar var, LogEntry e) {
        return switch (var) {
            case CLIENT_IP -> e.client == null;
            case FRONTEND_IP -> e.frontendAddress == null;
            case BACKEND_IP -> e.backendSource == null;
            case SERVER_IP -> e.serverAddress == null;
            case REQUEST_COOKIE -> e.requestCookie == null;
            case RESPONSE_COOKIE -> e.responseCookie == null;
            case UNIQUE_ID -> e.uniqueId == null;
            case METHOD, URI, PATH, QUERY, VERSION, BACKEND, SERVER -> true;
            default -> false;
        };
    }

    /** A JSON array of captured values (null for a capture that found nothing). */
    private static void jsonList(List<String> values, StringBuilder v) {
        v.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                v.append(", ");
            }
            if (values.get(i) == null) {
                v.append("null");
            } else {
                jsonString(values.get(i), v);
            }
        }
        v.append(']');
    }

    private static void jsonString(CharSequence s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void value(LogVar var, int flags, LogEntry e, Process process, long logCounter,
                              StringBuilder b) {
        switch (var) {
            case CLIENT_IP -> ip(e.client, flags, b);
            case CLIENT_PORT -> port(e.client, flags, b);
            case FRONTEND_IP -> ip(e.frontendAddress, flags, b);
            case FRONTEND_PORT -> port(e.frontendAddress, flags, b);
            case BACKEND_IP -> ip(e.backendSource, flags, b);
            case BACKEND_PORT -> port(e.backendSource, flags, b);
            case SERVER_IP -> ip(e.serverAddress, flags, b);
            case SERVER_PORT -> port(e.serverAddress, flags, b);
            case ACCEPT_DATE -> LogDates.appendMillis(e.acceptEpochMillis, b);
            case REQUEST_DATE -> LogDates.appendMillis(e.requestEpochMillis, b);
            case REQUEST_DATE_GMT -> LogDates.appendZoned(e.requestEpochMillis, true, b);
            case REQUEST_DATE_LOCAL -> LogDates.appendZoned(e.requestEpochMillis, false, b);
            case ACCEPT_DATE_GMT -> LogDates.appendZoned(e.acceptEpochMillis, true, b);
            case ACCEPT_DATE_LOCAL -> LogDates.appendZoned(e.acceptEpochMillis, false, b);
            case ACCEPT_TIMESTAMP -> hex(e.acceptEpochMillis / 1000, 8, flags, b);
            case ACCEPT_MILLIS -> {
                long ms = e.acceptEpochMillis % 1000;
                if ((flags & HEX) != 0) {
                    b.append(HEX_DIGITS[(int) (ms >> 8) & 15]).append(HEX_DIGITS[(int) (ms >> 4) & 15])
                            .append(HEX_DIGITS[(int) ms & 15]);
                } else {
                    b.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                            .append((char) ('0' + ms % 10));
                }
            }
            case FRONTEND_TRANSPORT -> text(e.tls ? e.frontend + "~" : e.frontend, flags, b);
            case FRONTEND -> text(e.frontend, flags, b);
            case BACKEND -> text(e.backend, flags, b);
            case SERVER -> text(e.server, flags, b);
            case TIME_HANDSHAKE -> b.append(e.th);
            case TIME_IDLE -> b.append(e.ti);
            case TIME_REQUEST -> b.append(e.tR);
            case TIME_REQUEST_TOTAL -> b.append(e.tR < 0 ? -1 : e.th + Math.max(e.ti, 0) + e.tR);
            case TIME_QUEUE -> b.append(e.tw);
            case TIME_CONNECT -> b.append(e.tc);
            case TIME_RESPONSE -> b.append(e.tr);
            case TIME_ACTIVE -> {
                early(e, flags, b);
                b.append(e.tt < 0 ? -1 : e.tt - e.th - Math.max(e.ti, 0));
            }
            case TIME_TOTAL -> {
                early(e, flags, b);
                b.append(e.tt);
            }
            case TIME_DATA -> {
                long tq = e.tR < 0 ? -1 : e.th + Math.max(e.ti, 0) + e.tR;
                boolean known = e.tt >= 0 && tq >= 0 && e.tw >= 0 && e.tc >= 0 && e.tr >= 0;
                b.append(known ? e.tt - (tq + e.tw + e.tc + e.tr) : -1);
            }
            case STATUS -> b.append(e.status);
            case BYTES_READ -> {
                early(e, flags, b);
                b.append(e.bytesOut);
            }
            case BYTES_UPLOADED -> b.append(e.bytesIn);
            case REQUEST_COOKIE -> text(e.requestCookie, flags, b);
            case RESPONSE_COOKIE -> text(e.responseCookie, flags, b);
            case TERMINATION -> b.append(e.endCause).append(e.endPhase); // never quoted, as HAProxy
            case TERMINATION_COOKIE -> b.append(e.endCause).append(e.endPhase)
                    .append(e.cookieRequest == 0 ? '-' : e.cookieRequest)
                    .append(e.cookieResponse == 0 ? '-' : e.cookieResponse);
            case ACTCONN -> b.append(e.actconn);
            case FECONN -> b.append(e.feconn);
            case BECONN -> b.append(e.beconn);
            case SRVCONN -> b.append(e.srvconn);
            case RETRIES -> {
                if (e.redispatched) {
                    b.append('+');
                }
                b.append(e.retries);
            }
            case SERVER_QUEUE -> b.append(e.serverQueue);
            case BACKEND_QUEUE -> b.append(e.backendQueue);
            case REQUEST_HEADERS -> headers(e.requestHeaders, flags, b);
            case RESPONSE_HEADERS -> headers(e.responseHeaders, flags, b);
            case REQUEST_HEADERS_LIST -> headerList(e.requestHeaders, flags, b);
            case RESPONSE_HEADERS_LIST -> headerList(e.responseHeaders, flags, b);
            case REQUEST_LINE -> requestLine(e, flags, b);
            case METHOD -> text(e.method, flags, b);
            case URI -> text(e.uri == null ? null : encode(e.uri, false), flags, b);
            case PATH -> {
                String p = e.uri == null ? null : pathOf(e.uri);
                text(p == null ? null : encode(p, false), flags, b);
            }
            case QUERY -> {
                int q = e.uri == null ? -1 : e.uri.indexOf('?');
                text(q < 0 ? null : encode(e.uri.substring(q), false), flags, b);
            }
            case VERSION -> text(e.version, flags, b);
            case UNIQUE_ID -> text(e.uniqueId, flags, b);
            case REQUEST_COUNTER -> hex(e.requestCounter, 4, flags, b);
            case LOG_COUNTER -> hex(logCounter, 4, flags, b);
            case PID -> hex(process.pid(), 4, flags, b);
            case HOSTNAME -> text(process.hostname(), flags, b);
            case OPTIONS -> {
                // flags only; compiled away
            }
        }
    }

    /** The path of a request target: without the query, and without scheme and authority. */
    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        String p = q < 0 ? uri : uri.substring(0, q);
        int scheme = p.indexOf("://");
        if (scheme > 0 && !p.startsWith("/")) {
            int slash = p.indexOf('/', scheme + 3);
            p = slash < 0 ? "/" : p.substring(slash);
        }
        return p;
    }

    /** The {@code +} of a figure that is only a lower bound in an early line ({@code option logasap}). */
    private static void early(LogEntry e, int flags, StringBuilder b) {
        if (e.early && (flags & JSON) == 0) {
            b.append('+');
        }
    }

    /**
     * A value HAProxy can write in hex ({@code %Ts}, {@code %rt}, {@code %lc}, {@code %pid}): upper case and
     * zero-padded to at least {@code width} digits under {@code +X}, else decimal.
     */
    private static void hex(long v, int width, int flags, StringBuilder b) {
        if ((flags & HEX) == 0) {
            b.append(v);
            return;
        }
        String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
        for (int i = h.length(); i < width; i++) {
            b.append('0');
        }
        b.append(h);
    }

    private static void ip(InetSocketAddress a, int flags, StringBuilder b) {
        InetAddress ip = a == null ? null : a.getAddress();
        if (ip == null) {
            text(null, flags, b);
            return;
        }
        if ((flags & HEX) != 0) {
            for (byte x : ip.getAddress()) {
                b.append(HEX_DIGITS[(x >> 4) & 15]).append(HEX_DIGITS[x & 15]);
            }
            return;
        }
        if (ip instanceof java.net.Inet4Address && (flags & (QUOTE | ESCAPE)) == 0) {
            byte[] q = ip.getAddress(); // dotted quad written in place: no string per address
            b.append(q[0] & 255).append('.').append(q[1] & 255).append('.').append(q[2] & 255).append('.')
                    .append(q[3] & 255);
            return;
        }
        text(ip.getHostAddress(), flags, b);
    }

    private static void port(InetSocketAddress a, int flags, StringBuilder b) {
        if (a == null) {
            text(null, flags, b);
            return;
        }
        if ((flags & HEX) != 0) {
            b.append(String.format("%04X", a.getPort()));
        } else {
            b.append(a.getPort());
        }
    }

    /** {@code %r}: "method uri version" (or {@code <BADREQ>}), encoded part by part into the line. */
    private static void requestLine(LogEntry e, int flags, StringBuilder b) {
        boolean quote = (flags & QUOTE) != 0;
        if (quote) {
            b.append('"');
        }
        if (e.method == null) {
            b.append("<BADREQ>");
        } else {
            encodeTo(e.method, b);
            b.append(' ');
            encodeTo(String.valueOf(e.uri), b);
            b.append(' ');
            encodeTo(String.valueOf(e.version), b);
        }
        if (quote) {
            b.append('"');
        }
    }

    private static void encodeTo(String s, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (encoded(c, false)) {
                b.append('#').append(HEX_DIGITS[(c >> 4) & 15]).append(HEX_DIGITS[c & 15]);
            } else {
                b.append(c);
            }
        }
    }

    /** A text value: "-" when missing, or "" when quoted; escaped with +E. */
    static void text(String s, int flags, StringBuilder b) {
        boolean quote = (flags & QUOTE) != 0;
        if (s == null || s.isEmpty()) {
            if ((flags & BLANK) == 0) {
                b.append(quote ? "\"\"" : "-");
            }
            return;
        }
        if (quote) {
            b.append('"');
        }
        if ((flags & ESCAPE) != 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\' || c == ']') {
                    b.append('\\');
                }
                b.append(c);
            }
        } else {
            b.append(s);
        }
        if (quote) {
            b.append('"');
        }
    }

    /** {@code %hr}: {@code {a|b}}, nothing at all when no header is captured. */
    private static void headers(List<String> values, int flags, StringBuilder b) {
        if (values.isEmpty()) {
            return;
        }
        boolean quote = (flags & QUOTE) != 0;
        if (quote) {
            b.append('"');
        }
        b.append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append('|');
            }
            if (values.get(i) != null) {
                b.append(encode(values.get(i), true));
            }
        }
        b.append('}');
        if (quote) {
            b.append('"');
        }
    }

    /** {@code %hrl}: the captured values separated by spaces, each quoted with +Q. */
    private static void headerList(List<String> values, int flags, StringBuilder b) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            String v = values.get(i);
            text(v == null ? null : encode(v, true), flags, b);
        }
    }

    /**
     * HAProxy's log encoding: control characters, bytes above 126, '"' and '#' become {@code #XX}; in header
     * captures the delimiters '{', '|' and '}' too.
     */
    static String encode(String s, boolean header) {
        int i = 0;
        int n = s.length();
        while (i < n && !encoded(s.charAt(i), header)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 8).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (encoded(c, header)) {
                b.append('#').append(HEX_DIGITS[(c >> 4) & 15]).append(HEX_DIGITS[c & 15]);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean encoded(char c, boolean header) {
        return c < 32 || c > 126 || c == '"' || c == '#' || header && (c == '{' || c == '|' || c == '}');
    }
}
