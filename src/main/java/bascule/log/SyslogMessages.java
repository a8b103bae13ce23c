package bascule.log;

import bascule.model.LogTarget;
import bascule.proxy.Messages;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Process messages (server state changes, "backend X has no server available!", start-up notices) sent
 * to the {@code log} targets of {@code global} as syslog lines, the way HAProxy sends them:
 * {@code <PRI>Mmm dd hh:mm:ss haproxy[pid]: message} in RFC3164 (the default). Callers never block: lines
 * go through a bounded queue to one sender thread, and a full queue drops the line and counts it.
 * Foreground output to stderr is kept as well when asked (as HAProxy does in foreground mode).
 */
public final class SyslogMessages implements Messages, AutoCloseable {
    static final int QUEUE = 4096;
    private static final DateTimeFormatter RFC3164_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss",
            Locale.ENGLISH);

    private final List<Sink> sinks = new ArrayList<>();
    private final Messages console;
    private final String tag;
    private final long pid = ProcessHandle.current().pid();
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LongAdder dropped = new LongAdder();
    private final Thread sender;
    private volatile boolean closed;

    /** A destination and its filters. */
    private record Sink(LogTarget target, DatagramChannel udp, io.netty.channel.unix.Socket unix) {
    }

    /**
     * @param console also write to this (stderr in the foreground), or null
     */
    public SyslogMessages(List<LogTarget> targets, String tag, Messages console) throws IOException {
        this.console = console;
        this.tag = tag;
        for (LogTarget t : targets) {
            switch (t.kind()) {
                case UDP -> {
                    DatagramChannel ch = DatagramChannel.open();
                    ch.connect(new InetSocketAddress(t.host(), t.port()));
                    sinks.add(new Sink(t, ch, null));
                }
                case UNIX -> sinks.add(new Sink(t, null, UnixDatagram.open()));
                default -> sinks.add(new Sink(t, null, null));
            }
        }
        this.sender = Thread.ofPlatform().daemon().name("bascule-syslog").start(this::drain);
    }

    /** Lines dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void alert(String message) {
        if (console != null) {
            console.alert(message);
        }
        send(levelOf(message, 1), message);
    }

    @Override
    public void warning(String message) {
        if (console != null) {
            console.warning(message);
        }
        send(levelOf(message, 4), message);
    }

    @Override
    public void notice(String message) {
        if (console != null) {
            console.notice(message);
        }
        send(levelOf(message, 5), message);
    }

    /**
     * HAProxy's syslog level for the messages that have one of their own: "no server available" is
     * emerg, a server going DOWN is alert, coming UP is notice; others keep their category's level.
     */
    static int levelOf(String message, int category) {
        if (message.endsWith("has no server available!")) {
            return 0;
        }
        if (message.contains(" is DOWN")) {
            return 1;
        }
        if (message.contains(" is UP")) {
            return 5;
        }
        return category;
    }

    private void send(int level, String message) {
        if (closed || sinks.isEmpty()) {
            return;
        }
        if (!queue.offer(() -> write(level, message))) {
            dropped.increment();
        }
    }

    private void write(int level, String message) {
        for (Sink s : sinks) {
            LogTarget t = s.target();
            if (level > t.maxLevel()) {
                continue;
            }
            int effective = Math.max(level, t.minLevel());
            byte[] line = format(t, effective, message).getBytes(StandardCharsets.UTF_8);
            int len = Math.min(line.length, t.maxLength());
            try {
                switch (t.kind()) {
                    case UDP -> s.udp().write(ByteBuffer.wrap(line, 0, len));
                    case UNIX -> UnixDatagram.send(s.unix(), t.path(), line, len);
                    case STDOUT -> stream(System.out, line, len);
                    case STDERR -> stream(System.err, line, len);
                }
            } catch (IOException e) {
                dropped.increment(); // no listener (ECONNREFUSED on UDP, no /dev/log): as HAProxy, carry on
            }
        }
    }

    private static void stream(PrintStream out, byte[] line, int len) {
        out.write(line, 0, len);
        out.write('\n');
        out.flush();
    }

    String format(LogTarget t, int level, String message) {
        int pri = t.facility() * 8 + level;
        return switch (t.format()) {
            case RAW -> message;
            case SHORT -> "<" + pri + ">" + message;
            case RFC5424 -> "<" + pri + ">1 " + java.time.OffsetDateTime.now().toString() + " "
                    + hostname() + " " + tag + " " + pid + " - - " + message;
            case RFC3164 -> "<" + pri + ">" + LocalDateTime.now(ZoneId.systemDefault()).format(RFC3164_TIME) + " "
                    + tag + "[" + pid + "]: " + message;
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
                Runnable r = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
            } catch (InterruptedException e) {
                return;
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
        for (Sink s : sinks) {
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
}
