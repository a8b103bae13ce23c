package bascule.admin;

import bascule.check.AgentSnapshot;
import bascule.check.CheckSnapshot;
import bascule.check.CheckStatus;
import bascule.model.CliLevel;
import bascule.model.ProxySpec;
import bascule.proxy.AdminState;
import bascule.proxy.Backend;
import bascule.proxy.ErrorCapture;
import bascule.proxy.Frontend;
import bascule.proxy.Server;
import java.util.List;
import java.util.Optional;

/**
 * Commands about proxies as a whole: {@code show stat}, {@code show backend}, {@code show errors},
 * {@code show servers state}, {@code set maxconn frontend} and {@code clear counters}.
 */
final class ProxyCommands {
    private final AdminContext ctx;

    ProxyCommands(AdminContext ctx) {
        this.ctx = ctx;
    }

    List<CliCommand> commands() {
        return List.of(
                CliCommand.of("show stat", "show stat [desc|json|no-maint|typed|up]*: report counters for each proxy and server",
                        this::showStat),
                CliCommand.of("show backend", "show backend                            : list backends in the current running config",
                        (a, s) -> showBackend()),
                CliCommand.of("show errors", "show errors [<px>] [request|response]   : report last request and/or response errors for each proxy",
                        this::showErrors),
                CliCommand.of("show servers state", "show servers state [<backend>]          : dump volatile server information (all or for a single backend)",
                        this::showServersState),
                CliCommand.of("set maxconn frontend", "set maxconn frontend <frontend> <value> : change a frontend's maxconn setting",
                        this::setMaxconnFrontend),
                CliCommand.of("clear counters", "clear counters [all]                    : clear max statistics counters (or all counters)",
                        this::clearCounters));
    }

    private String showStat(List<String> args, CliSession session) {
        int arg = 2;
        int iid = -1;
        int types = -1;
        int sid = -1;
        if (!Cli.arg(args, 2).isEmpty() && !Cli.arg(args, 3).isEmpty() && !Cli.arg(args, 4).isEmpty()) {
            int byName = ctx.proxyId(args.get(2));
            iid = byName != 0 ? byName : (int) Cli.atoi(args.get(2));
            if (iid == 0) {
                return "No such proxy.\n";
            }
            types = (int) Cli.atoi(args.get(3));
            sid = (int) Cli.atoi(args.get(4));
            arg = 5;
        }
        String format = "csv";
        boolean up = false;
        boolean noMaint = false;
        for (; arg < args.size(); arg++) {
            switch (args.get(arg)) {
                case "typed" -> format = "typed";
                case "json" -> format = "json";
                case "up" -> up = true;
                case "no-maint" -> noMaint = true;
                default -> {
                    // "desc" adds field descriptions in HAProxy; Bascule prints the values alone.
                }
            }
        }
        List<StatRow> rows = new StatRows(ctx, session.level())
                .collect(new StatRows.Filter(iid, types, sid, up, noMaint));
        return switch (format) {
            case "typed" -> StatOutput.typed(rows);
            case "json" -> StatOutput.json(rows);
            default -> StatOutput.csv(rows);
        };
    }

    private String showBackend() {
        StringBuilder b = new StringBuilder("# name\n");
        for (ProxySpec p : ctx.model().proxies()) {
            if (p.kind().isBackend()) {
                b.append(p.name()).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * The last invalid request of each frontend and the last invalid response of each backend, in the order
     * of the configuration. {@code <px>} (a name or an id; a negative id means all) keeps the captures of
     * that proxy and those whose other end it is (a backend's response names its frontend); a last word
     * {@code request} or {@code response} keeps one direction.
     */
    private String showErrors(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.OPERATOR)) {
            return Cli.PERMISSION_DENIED;
        }
        String px = Cli.arg(args, 2);
        int iid = -1;
        if (!px.isEmpty()) {
            int byName = ctx.proxyId(px);
            iid = byName != 0 ? byName : (int) Cli.atoi(px);
            if (iid == 0) {
                return "No such proxy.\n";
            }
        }
        String direction = Cli.arg(args, 3);
        boolean requests = !direction.equals("response");
        boolean responses = !direction.equals("request");
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        StringBuilder b = new StringBuilder(ErrorsDump.total(System.currentTimeMillis(), zone,
                ctx.runtime().errorEvents()));
        for (ProxySpec p : ctx.model().proxies()) {
            Frontend fe = ctx.frontend(p.name());
            Backend be = ctx.backend(p.name());
            if (requests && fe != null) {
                dumpError(b, fe.errors().lastRequest(), p.name(), iid, zone);
            }
            if (responses && be != null) {
                dumpError(b, be.errors().lastResponse(), p.name(), iid, zone);
            }
        }
        return b.toString();
    }

    private void dumpError(StringBuilder b, ErrorCapture c, String proxy, int iid, java.time.ZoneId zone) {
        if (c == null) {
            return;
        }
        int id = ctx.proxyId(proxy);
        int otherId = c.otherProxy() == null ? -1 : ctx.proxyId(c.otherProxy());
        if (iid >= 0 && id != iid && otherId != iid) {
            return;
        }
        ErrorsDump.capture(b, c, zone, proxy, id, otherId);
    }

    private String showServersState(List<String> args, CliSession session) {
        String only = Cli.arg(args, 3);
        if (!only.isEmpty() && ctx.backend(only) == null) {
            return "Can't find backend.\n";
        }
        StringBuilder b = new StringBuilder("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state "
                + "srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status "
                + "srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id "
                + "srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr "
                + "srv_agent_addr srv_agent_port\n");
        for (ProxySpec p : ctx.model().proxies()) {
            if (!p.kind().isBackend() || !only.isEmpty() && !only.equals(p.name())) {
                continue;
            }
            Backend be = ctx.backend(p.name());
            int beId = ctx.proxyId(p.name());
            for (Server s : be.servers()) {
                b.append(serverState(beId, s)).append('\n');
            }
        }
        return b.toString();
    }

    /** One line of {@code show servers state} (format version 1). */
    private String serverState(int beId, Server s) {
        Server ref = ctx.trackedRoot(s);
        Optional<CheckSnapshot> check = ctx.checks().status(s);
        Optional<AgentSnapshot> agent = ctx.checks().agentStatus(s);
        int opState = !s.isRunning() ? 0 : s.isStopping() ? 3 : s.isRamping() ? 1 : 2;
        boolean inherited = ref != s && ref.adminState() == s.adminState();
        int adminState = switch (s.adminState()) {
            case MAINT -> (inherited ? 0x02 : 0x01) | (s.isMaintFromConfig() ? 0x04 : 0);
            case DRAIN -> inherited ? 0x10 : 0x08;
            case READY -> 0;
        };
        int checkStatus = 1; // HAProxy's HCHK_STATUS_INI
        int checkResult = 0;
        boolean maint = s.adminState() == AdminState.MAINT;
        int forced = ctx.checks().forcedUncheckedHealth(s);
        int health = s.spec().track() != null ? 0 : forced >= 0 ? forced : maint ? 0 : s.spec().rise();
        int checkState = s.isMaintFromConfig() ? 0x08 : 0;
        if (check.isPresent()) {
            CheckSnapshot c = check.get();
            checkStatus = statusNumber(c.last().status());
            checkResult = switch (c.last().status()) {
                case INI -> 0;
                case L7OKC -> 4; // HAProxy's CHK_RES_CONDPASS
                default -> c.last().passed() ? 3 : 2;
            };
            health = maint ? 0 : c.health();
            // A check is paused when its server enters maintenance; a dynamic server is created in
            // maintenance without that pause, unless "disabled" put it there.
            boolean paused = maint && (!s.isInInitialMaint() || s.isMaintFromConfig());
            checkState = 0x02 | (ctx.checks().isHealthCheckEnabled(s) ? 0x04 : 0) | (paused ? 0x08 : 0);
        }
        int agentState = agent.map(a -> 0x12 | (a.enabled() ? 0x04 : 0)).orElse(0);
        String ip = s.address().getAddress().getHostAddress();
        String checkAddr = s.spec().checks().addr() == null ? "-" : s.spec().checks().addr();
        String agentAddr = s.spec().agent().addr() == null ? "-" : s.spec().agent().addr();
        int agentPort = agent.isPresent() ? s.spec().agent().portOr(s.spec().checks().port()) : 0;
        return beId + " " + s.backend().name() + " " + s.id() + " " + s.name() + " " + ip + " " + opState + " "
                + adminState + " " + s.configuredWeight() + " " + s.spec().weight() + " "
                + s.history().secondsSinceChange() + " " + checkStatus + " " + checkResult + " " + health + " "
                + checkState + " " + agentState + " 0 0 - " + s.address().getPort() + " - 0 "
                + s.spec().checks().port() + " " + checkAddr + " " + agentAddr + " " + agentPort;
    }

    /** HAProxy's {@code HCHK_STATUS_*} numbers, as {@code show servers state} prints them. */
    static int statusNumber(CheckStatus s) {
        return switch (s) {
            case INI -> 1;
            case CHECKED -> 3;
            case SOCKERR -> 5;
            case L4OK -> 6;
            case L4TOUT -> 7;
            case L4CON -> 8;
            case L6OK -> 9;
            case L6TOUT -> 10;
            case L6RSP -> 11;
            case L7TOUT -> 12;
            case L7RSP -> 13;
            case L7OK -> 15;
            case L7OKC -> 16;
            case L7STS -> 17;
        };
    }

    private String setMaxconnFrontend(List<String> args, CliSession session) {
        if (!Cli.allowed(session, CliLevel.ADMIN)) {
            return Cli.PERMISSION_DENIED;
        }
        String name = Cli.arg(args, 3);
        if (name.isEmpty()) {
            return "A frontend name is expected.\n";
        }
        Frontend fe = ctx.frontend(name);
        if (fe == null) {
            return "No such frontend.\n";
        }
        String v = Cli.arg(args, 4);
        if (v.isEmpty()) {
            return "Integer value expected.\n";
        }
        long n = Cli.atoi(v);
        if (n < 0) {
            return "Value out of range.\n";
        }
        ctx.runtime().setFrontendMaxconn(fe, (int) n);
        return "";
    }

    private String clearCounters(List<String> args, CliSession session) {
        boolean all = Cli.arg(args, 2).equals("all");
        if (!Cli.allowed(session, all ? CliLevel.ADMIN : CliLevel.OPERATOR)) {
            return Cli.PERMISSION_DENIED;
        }
        ctx.runtime().clearCounters(all);
        return "";
    }
}
