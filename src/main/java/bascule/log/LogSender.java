package bascule.log;

import bascule.model.LogTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends syslog lines to {@code log} targets without ever blocking the caller: lines go into a bounded queue
 * that one sender thread drains; when the queue is full the line is dropped and counted (the
 * {@code DroppedLogs} of {@code show info}). The header is HAProxy's for each target's format: RFC3164
 * {@code <PRI>Mmm dd hh:mm:ss tag[pid]: }, RFC5424 {@code <PRI>1 time host tag pid - sd }, short
 * {@code <PRI>} or raw. Sockets are opened on the sender thread the first time a target is used.
 */
public final class LogSender implements AutoCloseable {
    static final int QUEUE = 8192;
    private static final DateTimeFormatter RFC3164_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss",
            Locale.ENGLISH);
    private static final DateTimeFormatter RFC5424_TIME = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ENGLISH);
    private static final LongAdder DROPPED_TOTAL = new LongAdder();

    private record Line(LogTarget target, int level, String tag, String sd, String message) {
    }

    private record Sink(DatagramChannel udp, io.netty.channel.unix.Socket unix) {
    }

    private final long pid = ProcessHandle.current().pid();
    private final String hostname = hostname();
    private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LongAdder dropped = new LongAdder();
    private final Map<LogTarget, Sink> sinks = new HashMap<>(); // sender thread only
    private final Thread sender;
    private volatile boolean closed;

    public LogSender() {
        this.sender = Thread.ofPlatform().daemon().name("bascule-log").start(this::drain);
    }

    /** Lines this process dropped because a queue was full or a target refused them ({@code DroppedLogs}). */
    public static long droppedTotal() {
        return DROPPED_TOTAL.sum();
    }

    /** Lines this sender dropped. */
    public long dropped() {
        return dropped.sum();
    }

    /** The name of this host as RFC5424 headers and {@code %H} show it. */
    public String host() {
        return hostname;
    }

    public long pid() {
        return pid;
    }

    /**
     * Queues {@code message} for {@code target} at {@code level} (0 emerg … 7 debug) unless the target filters
     * that level out. {@code sd} is the RFC5424 structured data ({@code -} when none). Never blocks.
     */
    public void send(LogTarget target, int level, String tag, String sd, String message) {
        if (closed || level > target.maxLevel()) {
            return;
        }
        if (!queue.offer(new Line(target, Math.max(level, target.minLevel()), tag, sd, message))) {
            drop();
        }
    }

    private void drop() {
        dropped.increment();
        DROPPED_TOTAL.increment();
    }

    private void write(Line l) {
        LogTarget t = l.target();
        String text = header(t, l.level(), l.tag(), l.sd()).concat(l.message());
        boolean stream = t.kind() == LogTarget.Kind.STDOUT || t.kind() == LogTarget.Kind.STDERR;
        // As HAProxy, a datagram ends with a line feed, kept even when the line is cut to the target's length.
        byte[] line = (stream ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        int len = Math.min(line.length, t.maxLength());
        if (!stream && len < line.length) {
            line[len - 1] = '\n';
        }
        try {
            switch (t.kind()) {
                case UDP -> sink(t).udp().write(ByteBuffer.wrap(line, 0, len));
                case UNIX -> UnixDatagram.send(sink(t).unix(), t.path(), line, len);
                case STDOUT -> stream(System.out, line, len);
                case STDERR -> stream(System.err, line, len);
            }
        } catch (IOException e) {
            drop(); // no listener (ECONNREFUSED on UDP, no /dev/log): as HAProxy, carry on
        }
    }

    private Sink sink(LogTarget t) throws IOException {
        Sink s = sinks.get(t);
        if (s == null) {
            if (t.kind() == LogTarget.Kind.UDP) {
                DatagramChannel ch = DatagramChannel.open();
                ch.connect(new InetSocketAddress(t.host(), t.port()));
                s = new Sink(ch, null);
            } else {
                s = new Sink(null, UnixDatagram.open());
            }
            sinks.put(t, s);
        }
        return s;
    }

    private static void stream(PrintStream out, byte[] line, int len) {
        out.write(line, 0, len);
        out.write('\n');
        out.flush();
    }

    /** The syslog header of a line in the target's format. */
    String header(LogTarget t, int level, String tag, String sd) {
        int pri = t.facility() * 8 + level;
        return switch (t.format()) {
            case RAW -> "";
            case SHORT -> "<" + pri + ">";
            case RFC5424 -> "<" + pri + ">1 " + OffsetDateTime.now().format(RFC5424_TIME) + " " + hostname + " " + tag + " "
                    + pid + " - " + (sd == null || sd.isEmpty() ? "-" : sd) + " ";
            case RFC3164 -> "<" + pri + ">" + LocalDateTime.now(ZoneId.systemDefault()).format(RFC3164_TIME) + " "
                    + tag + "[" + pid + "]: ";
        };
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "-";
        }
    }

    private void drain() {
        while (!closed || !queue.isEmpty()) {
            try {
                Line l = queue.poll(200, TimeUnit.MILLISECONDS);
                if (l != null) {
                    write(l);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
        for (Sink s : sinks.values()) {
            try {
                if (s.udp() != null) {
                    s.udp().close();
                }
                if (s.unix() != null) {
                    s.unix().close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Sends what is queued (bounded wait) and closes the sockets. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
