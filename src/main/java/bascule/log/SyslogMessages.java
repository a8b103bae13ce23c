package bascule.log;

import bascule.model.LogTarget;
import bascule.proxy.Messages;
import java.io.IOException;
import java.util.List;

/**
 * Process messages (server state changes, "backend X has no server available!", start-up notices) sent
 * to the {@code log} targets of {@code global} as syslog lines, the way HAProxy sends them:
 * {@code <PRI>Mmm dd hh:mm:ss haproxy[pid]: message} in RFC3164 (the default), through a {@link LogSender}
 * (callers never block).
 * Foreground output to stderr is kept as well when asked (as HAProxy does in foreground mode).
 */
public final class SyslogMessages implements Messages, AutoCloseable {
    private final List<LogTarget> targets;
    private final Messages console;
    private final String tag;
    private final LogSender sender = new LogSender();

    /**
     * @param console also write to this (stderr in the foreground), or null
     */
    public SyslogMessages(List<LogTarget> targets, String tag, Messages console) throws IOException {
        this.targets = List.copyOf(targets);
        this.console = console;
        this.tag = tag;
    }

    /** Lines dropped because the queue was full or a target refused them. */
    public long dropped() {
        return sender.dropped();
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
    public void warningLoggedAsNotice(String message) {
        if (console != null) {
            console.warning(message);
        }
        send(5, message);
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
        for (LogTarget t : targets) {
            sender.send(t, level, tag, null, message);
        }
    }

    /** The line as a target receives it (header and message). */
    String format(LogTarget t, int level, String message) {
        return sender.header(t, level, tag, null) + message;
    }

    /** Sends what is queued (bounded wait) and closes the sockets. */
    @Override
    public void close() {
        sender.close();
    }
}
