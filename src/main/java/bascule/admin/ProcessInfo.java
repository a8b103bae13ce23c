package bascule.admin;

import bascule.proxy.Frontend;
import bascule.proxy.ProxyRuntime;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code show info}: HAProxy 2.6's process fields, same names, order, types and tags, with Bascule's values
 * (JVM heap for HAProxy's memory pools, the runtime's connection counters, the event loops as threads).
 * Fields without a value (ZlibMemUsage, description) are left out, as HAProxy leaves them out.
 */
public final class ProcessInfo {
    /** One line: its position in HAProxy's list, its name, its value. */
    public record Line(int pos, String name, Field field) {
    }

    private ProcessInfo() {
    }

    public static List<Line> collect(AdminContext ctx, int cliSessions) {
        ProxyRuntime rt = ctx.runtime();
        Runtime jvm = Runtime.getRuntime();
        long uptimeSec = Math.max(0, (System.currentTimeMillis() - ctx.startMillis()) / 1000);
        long fdLimit = fileDescriptorLimit();
        long heapTotal = jvm.totalMemory();
        long heapUsed = heapTotal - jvm.freeMemory();
        long bytesOut = 0;
        for (Frontend f : rt.frontends().values()) {
            bytesOut += f.traffic().bytesOut();
        }
        int rate = rt.traffic().rate().perSecond();
        int maxRate = rt.traffic().rate().max();
        List<Line> l = new ArrayList<>();
        add(l, 0, "Name", Field.str("POS", "Bascule"));
        add(l, 1, "Version", Field.str("POS", ctx.version()));
        add(l, 2, "Release_date", Field.str("POS", ""));
        add(l, 3, "Nbthread", Field.u32("CGS", ctx.threads()));
        add(l, 4, "Nbproc", Field.u32("CGS", 1));
        add(l, 5, "Process_num", Field.u32("KGP", 1));
        add(l, 6, "Pid", Field.u32("SGP", ProcessHandle.current().pid()));
        add(l, 7, "Uptime", Field.str("MDP", uptime(uptimeSec)));
        add(l, 8, "Uptime_sec", Field.u32("MDP", uptimeSec));
        add(l, 9, "Memmax_MB", Field.u32("CLP", 0));
        add(l, 10, "PoolAlloc_MB", Field.u32("MGP", heapTotal >> 20));
        add(l, 11, "PoolUsed_MB", Field.u32("MGP", heapUsed >> 20));
        add(l, 12, "PoolFailed", Field.u32("MCP", 0));
        add(l, 13, "Ulimit-n", Field.u32("CLP", fdLimit));
        add(l, 14, "Maxsock", Field.u32("CLP", fdLimit));
        add(l, 15, "Maxconn", Field.u32("CLP", rt.globalMaxconn()));
        add(l, 16, "Hard_maxconn", Field.u32("CLP", rt.hardMaxconn()));
        add(l, 17, "CurrConns", Field.u32("MGP", rt.currentConnections()));
        add(l, 18, "CumConns", Field.u32("MCP", rt.traffic().sessions()));
        add(l, 19, "CumReq", Field.u32("MCP", 0));
        add(l, 20, "MaxSslConns", Field.u32("MMP", 0));
        add(l, 21, "CurrSslConns", Field.u32("MGP", 0));
        add(l, 22, "CumSslConns", Field.u32("MCP", 0));
        add(l, 23, "Maxpipes", Field.u32("CLP", 0));
        add(l, 24, "PipesUsed", Field.u32("MGP", 0));
        add(l, 25, "PipesFree", Field.u32("MGP", 0));
        add(l, 26, "ConnRate", Field.u32("MRP", rate));
        add(l, 27, "ConnRateLimit", Field.u32("CLP", rt.connRateLimit()));
        add(l, 28, "MaxConnRate", Field.u32("MMP", maxRate));
        add(l, 29, "SessRate", Field.u32("MRP", rate));
        add(l, 30, "SessRateLimit", Field.u32("CLP", rt.sessRateLimit()));
        add(l, 31, "MaxSessRate", Field.u32("MRP", maxRate));
        add(l, 32, "SslRate", Field.u32("MRP", 0));
        add(l, 33, "SslRateLimit", Field.u32("CLP", 0));
        add(l, 34, "MaxSslRate", Field.u32("MMP", 0));
        add(l, 35, "SslFrontendKeyRate", Field.u32("MGP", 0));
        add(l, 36, "SslFrontendMaxKeyRate", Field.u32("MMP", 0));
        add(l, 37, "SslFrontendSessionReuse_pct", Field.u32("MGP", 0));
        add(l, 38, "SslBackendKeyRate", Field.u32("MRP", 0));
        add(l, 39, "SslBackendMaxKeyRate", Field.u32("MMP", 0));
        add(l, 40, "SslCacheLookups", Field.u32("MCP", 0));
        add(l, 41, "SslCacheMisses", Field.u32("MCP", 0));
        add(l, 42, "CompressBpsIn", Field.u32("MRP", 0));
        add(l, 43, "CompressBpsOut", Field.u32("MRP", 0));
        add(l, 44, "CompressBpsRateLim", Field.u32("CLP", 0));
        add(l, 47, "Tasks", Field.u32("MGP", rt.currentConnections() + ctx.checks().size()));
        add(l, 48, "Run_queue", Field.u32("MGP", 0));
        add(l, 49, "Idle_pct", Field.u32("MaP", idlePercent()));
        add(l, 50, "node", Field.str("COS", hostName()));
        add(l, 52, "Stopping", Field.u32("MGP", rt.isStopping() ? 1 : 0));
        add(l, 53, "Jobs", Field.u32("MGP", rt.currentConnections() + rt.listenerCount() + cliSessions));
        add(l, 54, "Unstoppable Jobs", Field.u32("MGP", 0));
        add(l, 55, "Listeners", Field.u32("MGP", rt.listenerCount() + ctx.model().global().statsSockets().size()));
        add(l, 56, "ActivePeers", Field.u32("MGP", 0));
        add(l, 57, "ConnectedPeers", Field.u32("MGP", 0));
        add(l, 58, "DroppedLogs", Field.u32("MGP", bascule.log.LogSender.droppedTotal()));
        add(l, 59, "BusyPolling", Field.u32("MGP", 0));
        add(l, 60, "FailedResolutions", Field.u32("MGP", 0));
        add(l, 61, "TotalBytesOut", Field.u64("MGP", bytesOut));
        add(l, 62, "TotalSplicdedBytesOut", Field.u64("MGP", 0));
        add(l, 63, "BytesOutRate", Field.u64("MRP", 0));
        add(l, 64, "DebugCommandsIssued", Field.u32("MGP", 0));
        add(l, 65, "CumRecvLogs", Field.u32("MCP", 0));
        add(l, 66, "Build info", Field.str("POS", "Bascule " + ctx.version() + " (HAProxy 2.6 compatible)"));
        add(l, 67, "Memmax_bytes", Field.u32("CLP", 0));
        add(l, 68, "PoolAlloc_bytes", Field.u64("MGP", heapTotal));
        add(l, 69, "PoolUsed_bytes", Field.u64("MGP", heapUsed));
        add(l, 70, "Start_time_sec", Field.u32("MDP", ctx.startMillis() / 1000));
        add(l, 71, "Tainted", Field.str("SGP", "0"));
        return l;
    }

    private static void add(List<Line> l, int pos, String name, Field f) {
        l.add(new Line(pos, name, f));
    }

    /** HAProxy's uptime text: "0d 0h00m06s". */
    static String uptime(long seconds) {
        return String.format("%dd %dh%02dm%02ds", seconds / 86400, (seconds / 3600) % 24, (seconds / 60) % 60,
                seconds % 60);
    }

    static String plain(List<Line> lines) {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            b.append(l.name()).append(": ").append(l.field().value()).append('\n');
        }
        return b.toString();
    }

    static String typed(List<Line> lines) {
        StringBuilder b = new StringBuilder();
        for (Line l : lines) {
            Field f = l.field();
            b.append(l.pos()).append('.').append(l.name()).append(".1:").append(f.tags()).append(':')
                    .append(f.type()).append(':').append(f.value()).append('\n');
        }
        return b.toString();
    }

    static String json(List<Line> lines) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"field\":{\"pos\":").append(l.pos()).append(",\"name\":").append(Json.quote(l.name()))
                    .append("},\"processNum\":1,\"tags\":").append(l.field().jsonTags()).append(",\"value\":")
                    .append(l.field().jsonValue()).append('}');
        }
        return b.append("]\n").toString();
    }

    private static long fileDescriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return Math.max(0, u.getMaxFileDescriptorCount());
        }
        return 0;
    }

    /** The share of CPU time the process leaves unused, from the JVM's recent process load. */
    private static long idlePercent() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            if (load >= 0) {
                return Math.round(100 - Math.min(1, load) * 100);
            }
        }
        return 100;
    }

    /** The kernel's host name, as HAProxy's gethostname(); read from /proc to avoid a DNS lookup. */
    private static String hostName() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "" : env;
        }
    }
}
