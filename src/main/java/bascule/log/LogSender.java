package bascule.log;

import bascule.model.LogTarget;
import bascule.logformat.LogFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends syslog lines to {@code log} targets without ever blocking the caller: lines go into a bounded queue
 * that one sender thread drains; when the queue is full the line is dropped and counted (the
 * {@code DroppedLogs} of {@code show info}). The header is HAProxy's for each target's format: RFC3164
 * {@code <PRI>Mmm dd hh:mm:ss tag[pid]: }, RFC5424 {@code <PRI>1 time host tag pid - sd }, short
 * {@code <PRI>} or raw. Sockets are opened on the sender thread the first time a target is used.
 * <p>
 * Cost per line matters (one line per request): the queue is lock-free and wakes the sender only when it
 * sleeps on an empty queue; once woken, the sender lets lines gather for a moment ({@link #BATCH_NANOS})
 * before draining again, so under load a wake-up carries many lines instead of one. Each datagram is
 * encoded into one reused direct buffer, and the header's date is formatted once per second.
 */
public final class LogSender implements AutoCloseable {
    static final int QUEUE = 8192;
    /** How long the sender lets lines gather after a drain that found some. */
    static final long BATCH_NANOS = 1_000_000;
    /** The largest datagram (a target's {@code len} is capped at 65535 by the parser, as HAProxy's). */
    private static final int MAX_DATAGRAM = 65536;
    private static final DateTimeFormatter RFC3164_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss",
            Locale.ENGLISH);
    private static final DateTimeFormatter RFC5424_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss",
            Locale.ENGLISH);
    private static final DateTimeFormatter RFC5424_OFFSET = DateTimeFormatter.ofPattern("xxx", Locale.ENGLISH);
    /** The zone the process started with, as HAProxy's (the C library reads TZ once). */
    private static final ZoneId LOCAL = ZoneId.systemDefault();
    private static final LongAdder DROPPED_TOTAL = new LongAdder();

    private record Line(LogTarget target, int level, String tag, String sd, String message) {
    }

    private record Sink(DatagramChannel udp, io.netty.channel.unix.Socket unix, byte[] path) {
    }

    /** A second's formatted header date; RFC5424 keeps the zone offset apart, the microseconds go between. */
    private record Second(long epochSecond, String text, String offset) {
    }

    private final long pid = LogFormat.Process.local().pid();
    private final String hostname = LogFormat.Process.local().hostname();
    private final Queue<Line> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final Map<LogTarget, Sink> sinks = new HashMap<>(); // sender thread only
    private final StringBuilder text = new StringBuilder(1024); // sender thread only
    private ByteBuffer datagram; // sender thread only, direct
    private volatile Second rfc3164 = new Second(Long.MIN_VALUE, "", "");
    private volatile Second rfc5424 = new Second(Long.MIN_VALUE, "", "");
    private final Thread sender;
    /** True while the sender sleeps on an empty queue: the next line must wake it. */
    private volatile boolean idle;
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
        if (queued.incrementAndGet() > QUEUE) {
            queued.decrementAndGet();
            drop();
            return;
        }
        queue.offer(new Line(target, Math.max(level, target.minLevel()), tag, sd, message));
        if (idle) {
            LockSupport.unpark(sender);
        }
    }

    private void drop() {
        dropped.increment();
        DROPPED_TOTAL.increment();
    }

    private void write(Line l) {
        LogTarget t = l.target();
        StringBuilder b = text;
        b.setLength(0);
        appendHeader(b, t, l.level(), l.tag(), l.sd());
        b.append(l.message());
        try {
            switch (t.kind()) {
                case UDP -> sink(t).udp().write(datagram(b, t.maxLength()));
                case UNIX -> {
                    Sink s = sink(t);
                    ByteBuffer d = datagram(b, t.maxLength());
                    UnixDatagram.send(s.unix(), s.path(), d);
                }
                case STDOUT -> stream(System.out, b, t.maxLength());
                case STDERR -> stream(System.err, b, t.maxLength());
            }
        } catch (IOException e) {
            drop(); // no listener (ECONNREFUSED on UDP, no /dev/log): as HAProxy, carry on
        }
    }

    /**
     * The line as a datagram in UTF-8, cut to {@code max} bytes: as HAProxy, a datagram ends with a line
     * feed, kept even when the line is cut. Encoded in place into the reused direct buffer (log lines are
     * ASCII but for what a sample or a hostname may bring, which takes the JDK's encoder).
     */
    private ByteBuffer datagram(StringBuilder b, int max) {
        if (datagram == null) {
            datagram = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        }
        ByteBuffer d = datagram.clear();
        int limit = Math.min(max, d.capacity()) - 1; // room for the line feed
        int n = b.length();
        int i = 0;
        while (i < n && i < limit) {
            char c = b.charAt(i);
            if (c >= 0x80) {
                break;
            }
            d.put((byte) c);
            i++;
        }
        if (i < n && i < limit) { // not ASCII: encode the whole line the JDK's way
            byte[] all = b.toString().getBytes(StandardCharsets.UTF_8);
            d.clear().put(all, 0, Math.min(all.length, limit));
        }
        return d.put((byte) '\n').flip();
    }

    private Sink sink(LogTarget t) throws IOException {
        Sink s = sinks.get(t);
        if (s == null) {
            if (t.kind() == LogTarget.Kind.UDP) {
                DatagramChannel ch = DatagramChannel.open();
                ch.connect(new InetSocketAddress(t.host(), t.port()));
                s = new Sink(ch, null, null);
            } else {
                s = new Sink(null, UnixDatagram.open(), t.path().getBytes(StandardCharsets.UTF_8));
            }
            sinks.put(t, s);
        }
        return s;
    }

    private static void stream(PrintStream out, StringBuilder text, int max) {
        byte[] line = text.toString().getBytes(StandardCharsets.UTF_8);
        out.write(line, 0, Math.min(line.length, max));
        out.write('\n');
        out.flush();
    }

    /** The syslog header of a line in the target's format. */
    String header(LogTarget t, int level, String tag, String sd) {
        StringBuilder b = new StringBuilder(64);
        appendHeader(b, t, level, tag, sd);
        return b.toString();
    }

    private void appendHeader(StringBuilder b, LogTarget t, int level, String tag, String sd) {
        int pri = t.facility() * 8 + level;
        switch (t.format()) {
            case RAW -> {
            }
            case SHORT -> b.append('<').append(pri).append('>');
            case RFC5424 -> {
                Instant now = Instant.now();
                Second s = rfc5424;
                if (s.epochSecond() != now.getEpochSecond()) {
                    OffsetDateTime at = now.atZone(LOCAL).toOffsetDateTime();
                    s = new Second(now.getEpochSecond(), at.format(RFC5424_SECOND), at.format(RFC5424_OFFSET));
                    rfc5424 = s;
                }
                int micros = now.getNano() / 1000;
                b.append('<').append(pri).append(">1 ").append(s.text()).append('.');
                for (int div = 100_000; div > 0; div /= 10) {
                    b.append((char) ('0' + micros / div % 10));
                }
                b.append(s.offset()).append(' ').append(hostname).append(' ').append(tag).append(' ').append(pid)
                        .append(" - ").append(sd == null || sd.isEmpty() ? "-" : sd).append(' ');
            }
            case RFC3164 -> {
                long now = Math.floorDiv(System.currentTimeMillis(), 1000L);
                Second s = rfc3164;
                if (s.epochSecond() != now) {
                    s = new Second(now, Instant.ofEpochSecond(now).atZone(LOCAL).format(RFC3164_TIME), "");
                    rfc3164 = s;
                }
                b.append('<').append(pri).append('>').append(s.text()).append(' ').append(tag).append('[').append(pid)
                        .append("]: ");
            }
        }
    }

    private void drain() {
        while (true) {
            int sent = 0;
            for (Line l; (l = queue.poll()) != null; sent++) {
                queued.decrementAndGet();
                write(l);
            }
            if (closed && queue.isEmpty()) {
                break;
            }
            if (sent > 0) {
                LockSupport.parkNanos(BATCH_NANOS); // more lines are coming: let them gather
                continue;
            }
            idle = true; // from here a sender unparks us; the check below sees a line queued before that
            if (queue.isEmpty() && !closed) {
                LockSupport.parkNanos(200_000_000L);
            }
            idle = false;
            if (Thread.interrupted()) {
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
        LockSupport.unpark(sender);
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
