package bascule.admin;

import static bascule.admin.StatFields.*;

import bascule.check.AgentSnapshot;
import bascule.check.CheckSnapshot;
import bascule.check.CheckState;
import bascule.check.CheckStatus;
import bascule.model.CliLevel;
import bascule.model.ProxySpec;
import bascule.proxy.AdminState;
import bascule.proxy.Backend;
import bascule.proxy.Frontend;
import bascule.proxy.HttpCounters;
import bascule.proxy.Server;
import bascule.proxy.SlidingAverage;
import bascule.proxy.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the rows of {@code show stat} from the live runtime, in HAProxy's order: for each proxy in
 * declaration order, its FRONTEND row, then its servers, then its BACKEND row. Fields HAProxy leaves empty for
 * a kind of row (or for a server without checks, a session below {@code operator}…) stay null.
 */
public final class StatRows {
    /** {@code show stat}'s selection: a proxy id (-1 all), a type mask (1 FE, 2 BE, 4 SV; -1 all), a server id. */
    public record Filter(int proxyId, int types, int serverId, boolean upOnly, boolean noMaint) {
        public static final Filter ALL = new Filter(-1, -1, -1, false, false);

        boolean wants(StatRow.Kind kind) {
            return types == -1 || (types & kind.mask()) != 0;
        }
    }

    private final AdminContext ctx;
    private final boolean showAddresses;

    public StatRows(AdminContext ctx, CliLevel level) {
        this.ctx = ctx;
        this.showAddresses = level.atLeast(CliLevel.OPERATOR);
    }

    public List<StatRow> collect(Filter filter) {
        List<StatRow> rows = new ArrayList<>();
        List<ProxySpec> proxies = ctx.model().proxies();
        for (int i = 0; i < proxies.size(); i++) {
            ProxySpec p = proxies.get(i);
            int iid = ctx.firstProxyId() + i;
            if (filter.proxyId() != -1 && filter.proxyId() != iid) {
                continue;
            }
            Frontend fe = p.kind().isFrontend() ? ctx.frontend(p.name()) : null;
            Backend be = p.kind().isBackend() ? ctx.backend(p.name()) : null;
            if (fe != null && filter.wants(StatRow.Kind.FRONTEND)) {
                rows.add(frontend(fe, iid));
            }
            if (be != null && filter.wants(StatRow.Kind.SERVER)) {
                for (Server s : be.servers()) {
                    if (filter.serverId() != -1 && filter.serverId() != s.id()) {
                        continue;
                    }
                    if (filter.noMaint() && s.adminState() == AdminState.MAINT) {
                        continue;
                    }
                    if (filter.upOnly() && !s.isRunning()) {
                        continue;
                    }
                    rows.add(server(s, iid));
                }
            }
            if (be != null && filter.wants(StatRow.Kind.BACKEND)) {
                rows.add(backend(be, iid));
            }
        }
        return rows;
    }

    StatRow frontend(Frontend fe, int iid) {
        Field[] f = new Field[TOTAL];
        Traffic t = fe.traffic();
        f[PXNAME] = Field.str("KNS", fe.name());
        f[SVNAME] = Field.str("KNS", "FRONTEND");
        f[SCUR] = Field.u32("MGP", fe.currentConnections());
        f[SMAX] = Field.u32("MMP", t.maxCurrent());
        f[SLIM] = Field.u32("CLP", fe.maxConnections() > 0 ? fe.maxConnections() : ctx.runtime().globalMaxconn());
        f[STOT] = Field.u64("MCP", t.sessions());
        f[BIN] = Field.u64("MCP", t.bytesIn());
        f[BOUT] = Field.u64("MCP", t.bytesOut());
        f[DREQ] = Field.u64("MCP", 0);
        f[DRESP] = Field.u64("MCP", 0);
        f[EREQ] = Field.u64("MCP", 0);
        f[STATUS] = Field.str("SGP", ctx.runtime().isStopping() ? "STOP" : "OPEN");
        ids(f, iid, 0, 0);
        f[RATE] = Field.u32("MRP", t.rate().perSecond());
        f[RATE_LIM] = Field.u32("CLP", 0);
        f[RATE_MAX] = Field.u32("MMP", t.rate().max());
        boolean http = fe.spec().mode() == bascule.model.Mode.HTTP;
        HttpCounters h = fe.http();
        f[REQ_RATE] = Field.u32("MRP", http ? h.requestRate().perSecond() : 0);
        f[REQ_RATE_MAX] = Field.u32("MMP", http ? h.requestRate().max() : 0);
        f[REQ_TOT] = Field.u64("MCP", http ? h.requests() : 0);
        if (http) {
            responses(f, h);
            f[DREQ] = Field.u64("MCP", h.deniedRequests());
            f[EREQ] = Field.u64("MCP", h.errors());
            f[INTERCEPTED] = Field.u64("MCP", h.interceptedRequests());
            f[CACHE_LOOKUPS] = Field.u64("MCP", 0);
            f[CACHE_HITS] = Field.u64("MCP", 0);
        }
        compression(f);
        f[MODE] = Field.str("CGS", http ? "http" : "tcp");
        f[CONN_RATE] = Field.u32("MRP", t.rate().perSecond());
        f[CONN_RATE_MAX] = Field.u32("MMP", t.rate().max());
        f[CONN_TOT] = Field.u64("MCP", t.sessions());
        f[DCON] = Field.u64("MCP", 0);
        f[DSES] = Field.u64("MCP", 0);
        f[WREW] = Field.u64("MCP", h.failedRewrites());
        f[EINT] = Field.u64("MCP", 0);
        zeroModules(f, MODULES.size());
        return new StatRow(StatRow.Kind.FRONTEND, iid, 0, f);
    }

    StatRow server(Server s, int iid) {
        Field[] f = new Field[TOTAL];
        Traffic t = s.traffic();
        Server ref = ctx.trackedRoot(s);
        boolean tracking = ref != s;
        Optional<CheckSnapshot> check = ctx.checks().status(ref);
        boolean checked = check.isPresent() && ctx.checks().isHealthCheckEnabled(ref);
        Optional<AgentSnapshot> agent = ctx.checks().agentStatus(s);
        boolean agentOn = agent.isPresent() && agent.get().enabled();

        f[PXNAME] = Field.str("KNS", s.backend().name());
        f[SVNAME] = Field.str("KNS", s.name());
        f[QCUR] = Field.u32("MGP", 0);
        f[QMAX] = Field.u32("MMP", 0);
        f[SCUR] = Field.u32("MGP", s.currentConnections());
        f[SMAX] = Field.u32("MMP", t.maxCurrent());
        if (s.maxConnections() > 0) {
            f[SLIM] = Field.u32("CLP", s.maxConnections());
        }
        f[STOT] = Field.u64("MCP", t.sessions());
        f[BIN] = Field.u64("MCP", t.bytesIn());
        f[BOUT] = Field.u64("MCP", t.bytesOut());
        f[DRESP] = Field.u64("MCP", 0);
        f[ECON] = Field.u64("MCP", s.connectErrors());
        f[ERESP] = Field.u64("MCP", 0);
        f[WRETR] = Field.u64("MCP", s.retries());
        f[WREDIS] = Field.u64("MCP", s.redispatches());
        f[STATUS] = Field.str("SGP", serverStatus(s, ref, checked ? check.orElse(null) : null, agentOn));
        f[WEIGHT] = Field.u32("MaP", s.weight());
        f[ACT] = Field.u32("SGP", s.isBackup() ? 0 : 1);
        f[BCK] = Field.u32("SGP", s.isBackup() ? 1 : 0);
        if (checked && !tracking) {
            f[CHKFAIL] = Field.u64("MCP", check.get().failedChecks());
            f[CHKDOWN] = Field.u64("MCP", s.history().downTransitions());
        }
        f[LASTCHG] = Field.u32("MAP", s.history().secondsSinceChange());
        if (checked && !tracking) {
            f[DOWNTIME] = Field.u32("MCP", s.history().downSeconds());
        }
        ids(f, iid, s.id(), 2);
        int throttle = s.throttlePercent();
        if (throttle >= 0) {
            f[THROTTLE] = Field.u32("MaP", throttle);
        }
        f[LBTOT] = Field.u64("MCP", s.timesSelected());
        if (tracking) {
            f[TRACKED] = Field.str("CNS", ref.backend().name() + "/" + ref.name());
        }
        f[RATE] = Field.u32("MRP", t.rate().perSecond());
        f[RATE_MAX] = Field.u32("MMP", t.rate().max());
        if (checked && !tracking) {
            CheckSnapshot c = check.get();
            CheckStatus st = c.last().status();
            f[CHECK_STATUS] = Field.str("MOP", st.code());
            if (st.showsCode()) {
                f[CHECK_CODE] = Field.u32("MOP", c.last().code());
            }
            if (st != CheckStatus.INI && c.last().durationMillis() >= 0) {
                f[CHECK_DURATION] = Field.u64("MDP", c.last().durationMillis());
            }
        }
        boolean http = s.backend().spec().mode() == bascule.model.Mode.HTTP;
        if (http) {
            responses(f, s.http());
            f[REQ_TOT] = Field.u64("MCP", s.http().requests());
        }
        f[CLI_ABRT] = Field.u64("MCP", s.http().clientAborts());
        f[SRV_ABRT] = Field.u64("MCP", s.http().serverAborts());
        f[LASTSESS] = Field.s32("MAP", t.secondsSinceLastSession());
        if (checked && !tracking) {
            f[LAST_CHK] = Field.str("MOP", check.get().last().info());
        }
        if (agentOn) {
            f[LAST_AGT] = Field.str("MOP", agent.get().info());
        }
        times(f, s.queueTime(), s.connectTime(), s.totalTime());
        if (agentOn) {
            AgentSnapshot a = agent.get();
            f[AGENT_STATUS] = Field.str("MOP", a.status());
            if (a.showsCode()) {
                f[AGENT_CODE] = Field.u32("MOP", 0);
            }
            if (a.durationMillis() >= 0) {
                f[AGENT_DURATION] = Field.u64("MDP", a.durationMillis());
            }
        }
        if (checked && !tracking) {
            f[CHECK_DESC] = Field.str("MOP", check.get().last().status().description());
        }
        if (agentOn) {
            f[AGENT_DESC] = Field.str("MOP", agent.get().description());
        }
        if (checked && !tracking) {
            CheckSnapshot c = check.get();
            f[CHECK_RISE] = Field.u32("CGS", c.rise());
            f[CHECK_FALL] = Field.u32("CGS", c.fall());
            f[CHECK_HEALTH] = Field.u32("CGS", c.health());
        }
        if (agentOn) {
            f[AGENT_RISE] = Field.u32("CGS", 1);
            f[AGENT_FALL] = Field.u32("CGS", 1);
            f[AGENT_HEALTH] = Field.u32("CGS", agent.get().healthy() ? 1 : 0);
        }
        if (showAddresses) {
            f[ADDR] = Field.str("CGS", hostPort(s));
        }
        f[MODE] = Field.str("CGS", http ? "http" : "tcp");
        f[WREW] = Field.u64("MCP", 0);
        f[CONNECT] = Field.u64("MCP", t.sessions());
        f[REUSE] = Field.u64("MCP", 0);
        f[SRV_ICUR] = Field.u32("MGP", 0);
        maxTimes(f, s.queueTime(), s.connectTime(), s.totalTime());
        f[EINT] = Field.u64("MCP", 0);
        f[IDLE_CONN_CUR] = Field.u32("MGP", 0);
        f[SAFE_CONN_CUR] = Field.u32("MGP", 0);
        f[USED_CONN_CUR] = Field.u32("MGP", s.currentConnections());
        f[NEED_CONN_EST] = Field.u32("MGP", 0);
        f[UWEIGHT] = Field.u32("MaP", s.configuredWeight());
        zeroModules(f, SSL_FIELDS);
        return new StatRow(StatRow.Kind.SERVER, iid, s.id(), f);
    }

    StatRow backend(Backend b, int iid) {
        Field[] f = new Field[TOTAL];
        Traffic t = b.traffic();
        f[PXNAME] = Field.str("KNS", b.name());
        f[SVNAME] = Field.str("KNS", "BACKEND");
        f[QCUR] = Field.u32("MGP", b.queued());
        f[QMAX] = Field.u32("MMP", b.maxQueued());
        f[SCUR] = Field.u32("MGP", b.currentSessions());
        f[SMAX] = Field.u32("MMP", t.maxCurrent());
        f[SLIM] = Field.u32("CLP", ctx.fullconn(b));
        f[STOT] = Field.u64("MCP", t.sessions());
        f[BIN] = Field.u64("MCP", t.bytesIn());
        f[BOUT] = Field.u64("MCP", t.bytesOut());
        f[DREQ] = Field.u64("MCP", 0);
        f[DRESP] = Field.u64("MCP", 0);
        long retries = 0;
        long redispatches = 0;
        long selected = 0;
        for (Server s : b.servers()) {
            retries += s.retries();
            redispatches += s.redispatches();
            selected += s.timesSelected();
        }
        f[ECON] = Field.u64("MCP", b.failedConnections());
        f[ERESP] = Field.u64("MCP", 0);
        f[WRETR] = Field.u64("MCP", retries);
        f[WREDIS] = Field.u64("MCP", redispatches);
        int[] usable = b.usableCounts();
        f[STATUS] = Field.str("SGP", usable[0] + usable[1] > 0 ? "UP" : "DOWN");
        int[] weights = groupWeights(b, usable);
        f[WEIGHT] = Field.u32("MaP", weights[0]);
        f[ACT] = Field.u32("MGP", usable[0]);
        f[BCK] = Field.u32("MGP", usable[1]);
        f[CHKDOWN] = Field.u64("MCP", b.history().downTransitions());
        f[LASTCHG] = Field.u32("MAP", b.history().secondsSinceChange());
        f[DOWNTIME] = Field.u32("MCP", b.history().downSeconds());
        ids(f, iid, 0, 1);
        f[LBTOT] = Field.u64("MCP", selected);
        f[RATE] = Field.u32("MGP", t.rate().perSecond());
        f[RATE_MAX] = Field.u32("MGP", t.rate().max());
        boolean http = b.spec().mode() == bascule.model.Mode.HTTP;
        if (http) {
            responses(f, b.http());
            f[REQ_TOT] = Field.u64("MCP", b.http().requests());
            f[CACHE_LOOKUPS] = Field.u64("MCP", 0);
            f[CACHE_HITS] = Field.u64("MCP", 0);
        }
        f[CLI_ABRT] = Field.u64("MCP", b.http().clientAborts());
        f[SRV_ABRT] = Field.u64("MCP", b.http().serverAborts());
        compression(f);
        f[LASTSESS] = Field.s32("MAP", t.secondsSinceLastSession());
        times(f, b.queueTime(), b.connectTime(), b.totalTime());
        f[MODE] = Field.str("CGS", http ? "http" : "tcp");
        if (showAddresses) {
            f[ALGO] = Field.str("CGS", b.spec().balance().algorithm().keyword());
        }
        f[WREW] = Field.u64("MCP", b.http().failedRewrites());
        f[CONNECT] = Field.u64("MCP", selected);
        f[REUSE] = Field.u64("MCP", 0);
        maxTimes(f, b.queueTime(), b.connectTime(), b.totalTime());
        f[EINT] = Field.u64("MCP", 0);
        f[UWEIGHT] = Field.u32("MaP", weights[1]);
        f[AGG_SERVER_STATUS] = Field.u32("MGP", 0);
        f[AGG_SERVER_CHECK_STATUS] = Field.u32("MGP", 0);
        f[AGG_CHECK_STATUS] = Field.u32("MGP", 0);
        zeroModules(f, MODULES.size());
        return new StatRow(StatRow.Kind.BACKEND, iid, 0, f);
    }

    /** {@code hrsp_1xx} … {@code hrsp_other}. */
    private static void responses(Field[] f, HttpCounters h) {
        for (int c = 1; c <= 6; c++) {
            f[HRSP_1XX + c - 1] = Field.u64("MCP", h.responses(c));
        }
    }

    /**
     * The effective and the configured weight of the servers that take traffic now: the usable active ones,
     * or the usable backups when no active server is left (all of them with {@code option allbackups}, else
     * the first), as HAProxy's backend {@code weight} and {@code uweight}.
     */
    private static int[] groupWeights(Backend b, int[] usable) {
        boolean backups = usable[0] == 0;
        int effective = 0;
        int configured = 0;
        for (Server s : b.servers()) {
            if (s.isBackup() == backups && s.isUsable() && s.configuredWeight() > 0) {
                effective += s.weight();
                configured += s.configuredWeight();
                if (backups && !b.spec().allBackups()) {
                    break;
                }
            }
        }
        return new int[] {effective, configured};
    }

    /**
     * HAProxy's server status: "MAINT" (or "MAINT (via b/s)" when it follows a tracked server into
     * maintenance); when running "UP", "UP 1/3" while failing checks, "DRAIN", "DRAIN (agent)" or "no check";
     * when stopped "DOWN", "DOWN (agent)", or "DOWN 1/2" while passing checks. A NOLB server shows "NOLB", or
     * "NOLB 2/3" while failing checks, whether drained or not.
     */
    static String serverStatus(Server s, Server ref, CheckSnapshot check, boolean agentOn) {
        if (s.adminState() == AdminState.MAINT) {
            if (ref != s && ref.adminState() == AdminState.MAINT) {
                return "MAINT (via " + ref.backend().name() + "/" + ref.name() + ")";
            }
            return "MAINT";
        }
        if (s.isStopping()) {
            boolean goingDown = check != null && check.phase() == CheckState.Phase.GOING_DOWN;
            return goingDown ? "NOLB " + (check.health() - check.rise() + 1) + "/" + check.fall() : "NOLB";
        }
        if (s.isHealthy() && s.isAgentUp()) {
            boolean goingDown = check != null && check.phase() == CheckState.Phase.GOING_DOWN;
            String counts = goingDown ? " " + (check.health() - check.rise() + 1) + "/" + check.fall() : "";
            if (s.adminState() == AdminState.DRAIN) {
                return agentOn ? "DRAIN (agent)" : "DRAIN" + counts;
            }
            if (goingDown) {
                return "UP" + counts;
            }
            return check == null ? "no check" : "UP";
        }
        if (agentOn && !s.isAgentUp()) {
            return "DOWN (agent)";
        }
        if (check != null && check.phase() == CheckState.Phase.GOING_UP) {
            return "DOWN " + check.health() + "/" + check.rise();
        }
        return "DOWN";
    }

    private static String hostPort(Server s) {
        String ip = s.address().getAddress().getHostAddress();
        int port = s.address().getPort();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static void ids(Field[] f, int iid, int sid, int type) {
        f[PID] = Field.u32("KGP", 1);
        f[IID] = Field.u32("KGS", iid);
        f[SID] = Field.u32("KGS", sid);
        f[TYPE] = Field.u32("CGS", type);
    }

    private static void compression(Field[] f) {
        for (int i = 0; i < 4; i++) {
            f[COMP_IN + i] = Field.u64("MCP", 0);
        }
    }

    private static void times(Field[] f, SlidingAverage queue, SlidingAverage connect, SlidingAverage total) {
        f[QTIME] = Field.u32("MaP", queue.average());
        f[CTIME] = Field.u32("MaP", connect.average());
        f[RTIME] = Field.u32("MaP", 0);
        f[TTIME] = Field.u32("MaP", total.average());
    }

    private static void maxTimes(Field[] f, SlidingAverage queue, SlidingAverage connect, SlidingAverage total) {
        f[QTIME_MAX] = Field.u32("MMP", queue.max());
        f[CTIME_MAX] = Field.u32("MMP", connect.max());
        f[RTIME_MAX] = Field.u32("MMP", 0);
        f[TTIME_MAX] = Field.u32("MMP", total.max());
    }
}
