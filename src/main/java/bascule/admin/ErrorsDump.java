package bascule.admin;

import bascule.proxy.ErrorCapture;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The text of {@code show errors}, laid out as HAProxy 2.6 prints it: a total line, then per capture a
 * header, the parties, the buffer figures, three lines of HAProxy's H1 parser state, and the message bytes.
 *
 * <p>The H1 connection, stream and message flags and the parser state are HAProxy internals with no
 * counterpart here: they are printed with the values HAProxy shows for a head refused on a fresh
 * connection. The buffer always "starts at 0" and "wraps" where a {@code tune.bufsize} buffer of HAProxy
 * does; "free" is what the captured bytes leave of {@code tune.bufsize}.
 */
final class ErrorsDump {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH);
    /** A dumped line is at most this wide, its offset column included. */
    private static final int LINE_WIDTH = 80;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ErrorsDump() {
    }

    static String date(long epochMillis, ZoneId zone) {
        return Instant.ofEpochMilli(epochMillis).atZone(zone).format(DATE);
    }

    /** The first line: how many errors were captured since start. */
    static String total(long nowMillis, ZoneId zone, int events) {
        return "Total events captured on [" + date(nowMillis, zone) + "] : " + events + "\n";
    }

    /**
     * One capture, preceded by its separator line. {@code proxy} is where it is kept (a frontend for a
     * request, a backend for a response), {@code otherId} the id of {@link ErrorCapture#otherProxy()}.
     */
    static void capture(StringBuilder out, ErrorCapture c, ZoneId zone, String proxy, int proxyId, int otherId) {
        out.append(" \n[").append(date(c.epochMillis(), zone)).append("] ")
                .append(c.request() ? "frontend " : "backend ").append(proxy).append(" (#").append(proxyId)
                .append("): invalid ").append(c.request() ? "request" : "response").append('\n');
        out.append("  ").append(c.request() ? "backend " : "frontend ").append(party(c.otherProxy(), otherId))
                .append(", server ").append(party(c.server(), c.serverId()))
                .append(", event #").append(c.event()).append(", src ").append(source(c.source())).append('\n');
        int len = c.bytes().length;
        out.append("  buffer starts at 0 (including 0 out), ").append(Math.max(0, c.bufsize() - len))
                .append(" free,\n");
        out.append("  len ").append(len).append(", wraps at ").append(c.bufsize() - 48)
                .append(", error at position ").append(c.errorAt()).append('\n');
        if (c.request()) {
            out.append("  H1 connection flags 0x00000100, H1 stream flags 0x00000810\n")
                    .append("  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001410\n");
        } else {
            out.append("  H1 connection flags 0x80002200, H1 stream flags 0x00004810\n")
                    .append("  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001414\n");
        }
        out.append("  H1 chunk len 0 bytes, H1 body len 0 bytes :\n  \n");
        bytes(out, c.bytes());
    }

    private static String party(String name, int id) {
        return name == null ? "<NONE> (#-1)" : name + " (#" + id + ")";
    }

    private static String source(InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            return "unix:0";
        }
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /**
     * The bytes, one line of the message per dumped line, each after its 5-digit offset. Printable ASCII
     * stays as is; tab, CR, LF, ESC and backslash become {@code \t \r \n \e \\}; other bytes {@code \xHH}.
     * A line too long for {@link #LINE_WIDTH} columns goes on in a line whose offset is marked with '+'.
     */
    static void bytes(StringBuilder out, byte[] b) {
        int lineStart = 0;
        int p = 0;
        while (p < b.length) {
            int mark = out.length();
            out.append("  ").append(String.format(Locale.ROOT, "%05d", p)).append(p == lineStart ? "  " : "+ ");
            int end = mark + LINE_WIDTH;
            boolean lineEnded = false;
            while (p < b.length) {
                int c = b[p] & 0xff;
                String esc = escape(c);
                int width = esc == null ? 1 : esc.length();
                // A line keeps one column free: the widest item it still takes must end before the last.
                if (out.length() + width > end - 1) {
                    break;
                }
                if (esc == null) {
                    out.append((char) c);
                } else {
                    out.append(esc);
                }
                p++;
                if (c == '\n') {
                    lineEnded = true;
                    break;
                }
            }
            out.append('\n');
            if (lineEnded) {
                lineStart = p;
            }
        }
    }

    /** The escaped form of byte {@code c}, or null when it is printed as is. */
    private static String escape(int c) {
        return switch (c) {
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case 0x1b -> "\\e";
            case '\\' -> "\\\\";
            default -> c >= 0x20 && c < 0x7f ? null : "\\x" + HEX[c >> 4] + HEX[c & 0xf];
        };
    }
}
