package bascule.log;

import bascule.logformat.LogEntry;
import bascule.logformat.LogFormat;
import bascule.model.LogSpec;
import bascule.model.LogTarget;
import bascule.model.ProxySpec;
import bascule.proxy.StreamLog;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One frontend's traffic log: renders each ended stream with the frontend's format and queues the line for
 * every {@code log} target, at HAProxy's levels: info, or err for errors under {@code log-separate-errors},
 * or what {@code set-log-level} chose ({@code silent} drops the line). {@code option dontlognull} drops
 * streams that received nothing, {@code dontlog-normal} the ones without error. A frontend with targets and
 * no format logs one "Connect from" line per connection, HAProxy's oldest format.
 */
public final class TrafficLog implements StreamLog {
    private static final int INFO = 6;
    private static final int ERR = 3;
    private static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info",
            "debug");

    private final ProxySpec frontend;
    private final LogSpec spec;
    private final LogSender sender;
    private final String tag;
    private final LogFormat.Process process;
    private final AtomicLong lines = new AtomicLong();

    public TrafficLog(ProxySpec frontend, LogSender sender, String globalTag) {
        this.frontend = frontend;
        this.spec = frontend.log();
        this.sender = sender;
        this.tag = spec.tag() != null ? spec.tag() : globalTag;
        this.process = LogFormat.Process.local();
    }

    @Override
    public boolean enabled() {
        return !spec.targets().isEmpty() && spec.format() != null;
    }

    @Override
    public void accepted(Channel client) {
        if (spec.targets().isEmpty() || spec.format() != null) {
            return;
        }
        InetSocketAddress from = client.remoteAddress() instanceof InetSocketAddress a ? a : null;
        InetSocketAddress to = client.localAddress() instanceof InetSocketAddress a ? a : null;
        String line = "Connect from " + address(from) + " to " + address(to) + " (" + frontend.name() + "/"
                + frontend.mode().name() + ")";
        for (LogTarget t : spec.targets()) {
            sender.send(t, INFO, tag, null, line);
        }
    }

    private static String address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? "unix:0" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void emit(LogEntry e) {
        if (!enabled()) {
            return;
        }
        if (spec.dontLogNull() && e.nothingReceived) {
            return;
        }
        boolean error = e.isError();
        if (spec.dontLogNormal() && !error) {
            return;
        }
        int level = INFO;
        if (e.levelOverride != null) {
            if (e.levelOverride.equals("silent")) {
                return;
            }
            level = LEVELS.indexOf(e.levelOverride);
        } else if (error && spec.separateErrors()) {
            level = ERR;
        }
        long n = lines.incrementAndGet();
        String line = spec.format().render(e, process, n);
        String sd = spec.structuredData() == null ? null : spec.structuredData().render(e, process, n);
        for (LogTarget t : spec.targets()) {
            sender.send(t, level, tag, t.format() == LogTarget.Format.RFC5424 ? sd : null, line);
        }
    }
}
