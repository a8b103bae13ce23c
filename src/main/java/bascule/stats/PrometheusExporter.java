package bascule.stats;

import bascule.admin.AdminContext;
import bascule.admin.Field;
import bascule.admin.ProcessInfo;
import bascule.admin.StatFields;
import bascule.admin.StatRow;
import bascule.admin.StatRows;
import bascule.http.ErrorPages;
import bascule.http.HttpService;
import bascule.http.ServiceRequest;
import bascule.model.CliLevel;
import bascule.model.ErrorResponse;
import bascule.model.Mode;
import bascule.model.ProxySpec;
import bascule.proxy.AdminState;
import bascule.proxy.Backend;
import bascule.proxy.LatencyHistogram;
import bascule.proxy.Server;
import bascule.stats.PromMetrics.Metric;
import bascule.stats.PromQuery.Scope;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code http-request use-service prometheus-exporter}: HAProxy 2.6's metrics (same names, types, help texts,
 * labels, order, and the {@code scope}/{@code no-maint} query parameters), computed from the very rows of
 * {@code show stat} and lines of {@code show info}, so that the exporter, the stats page and the runtime API
 * never disagree. Bascule adds one histogram per backend, {@code bascule_backend_total_time_seconds}, after
 * HAProxy's backend metrics.
 */
public final class PrometheusExporter implements HttpService {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4";
    static final String HISTOGRAM = "bascule_backend_total_time_seconds";
    private static final String HISTOGRAM_HELP = "Time streams that reached a server of this backend lasted, "
            + "from the start of the HTTP request (or TCP connection) to its end, in seconds (Bascule only)";

    /** One object of the output: a row of {@code show stat} with the live objects it describes. */
    private record Obj(StatRow row, ProxySpec proxy, Backend backend, Server server) {
        String name() {
            return row.field(StatFields.NAMES.indexOf("pxname")).value();
        }

        Field field(String column) {
            return row.field(StatFields.NAMES.indexOf(column));
        }
    }

    private final AdminContext ctx;

    public PrometheusExporter(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String logName() {
        return "<PROMEX>";
    }

    @Override
    public FullHttpResponse serve(ServiceRequest request) {
        PromQuery query = PromQuery.parse(request.head().uri());
        if (query == null) {
            return badRequest();
        }
        byte[] body = render(query).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    /** HAProxy answers a query it cannot read with its standard 400 page, and closes the connection. */
    private static FullHttpResponse badRequest() {
        ErrorResponse page = ErrorPages.builtIn(400).response();
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(page.status(), page.reason()), Unpooled.wrappedBuffer(page.body()));
        for (ErrorResponse.Header h : page.headers()) {
            r.headers().add(h.name(), h.value());
        }
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
        return r;
    }

    /** The whole exposition for {@code query}. */
    String render(PromQuery query) {
        PromText out = new PromText();
        if (query.wants(Scope.GLOBAL)) {
            process(out);
        }
        if (query.wants(Scope.FRONTEND) || query.wants(Scope.BACKEND) || query.wants(Scope.SERVER)) {
            List<Obj> frontends = new ArrayList<>();
            List<Obj> backends = new ArrayList<>();
            List<Obj> servers = new ArrayList<>();
            objects(frontends, backends, servers);
            if (query.wants(Scope.FRONTEND)) {
                proxies(out, PromMetrics.FRONTEND, frontends, servers);
            }
            if (query.wants(Scope.BACKEND)) {
                proxies(out, PromMetrics.BACKEND, backends, servers);
                histograms(out, backends);
            }
            if (query.wants(Scope.SERVER)) {
                List<Obj> shown = servers;
                if (query.noMaint()) {
                    shown = servers.stream().filter(o -> o.server().adminState() != AdminState.MAINT).toList();
                }
                proxies(out, PromMetrics.SERVER, shown, servers);
            }
        }
        // Scope.STICKTABLE: Bascule has no stick tables yet, so like HAProxy without any, it writes nothing.
        return out.text();
    }

    private void process(PromText out) {
        Map<String, Field> info = new HashMap<>();
        for (ProcessInfo.Line l : ProcessInfo.collect(ctx, 0)) {
            info.put(l.name(), l.field());
        }
        for (Metric m : PromMetrics.PROCESS) {
            if (m.source().equals("@build_info")) {
                out.sample(m.name(), m.type(), m.help(), "1", "version", ctx.version());
                continue;
            }
            Field f = info.get(m.field());
            out.sample(m.name(), m.type(), m.help(), f == null ? "NaN" : f.value());
        }
    }

    /** Every row of {@code show stat} (no-maint applies later: a backend's counts include all its servers). */
    private void objects(List<Obj> frontends, List<Obj> backends, List<Obj> servers) {
        StatRows rows = new StatRows(ctx, CliLevel.USER);
        int svname = StatFields.NAMES.indexOf("svname");
        for (StatRow r : rows.collect(new StatRows.Filter(-1, -1, -1, false, false))) {
            String px = r.field(StatFields.NAMES.indexOf("pxname")).value();
            switch (r.kind()) {
                case FRONTEND -> {
                    var fe = ctx.runtime().frontends().get(px);
                    if (fe != null) {
                        frontends.add(new Obj(r, fe.spec(), null, null));
                    }
                }
                case BACKEND -> {
                    Backend be = ctx.runtime().backends().get(px);
                    if (be != null) {
                        backends.add(new Obj(r, be.spec(), be, null));
                    }
                }
                case SERVER -> {
                    Backend be = ctx.runtime().backends().get(px);
                    Server s = be == null ? null : be.server(r.field(svname).value());
                    if (s != null) {
                        servers.add(new Obj(r, be.spec(), be, s));
                    }
                }
            }
        }
    }

    /**
     * One table of metrics over frontends, backends or servers: metric by metric, object by object. The
     * {@code code}-labelled responses go code by code, then object by object, as HAProxy writes them.
     * {@code allServers} are every server, for the backend counts by state.
     */
    private void proxies(PromText out, List<Metric> metrics, List<Obj> objs, List<Obj> allServers) {
        for (Metric m : metrics) {
            boolean httpOnly = PromMetrics.HTTP_ONLY.contains(m.source());
            switch (m.source()) {
                case "@http_responses" -> {
                    for (String code : PromMetrics.CODES) {
                        for (Obj o : objs) {
                            if (o.proxy().mode() == Mode.HTTP) {
                                out.sample(m.name(), m.type(), m.help(), plain(o.field("hrsp_" + code), false),
                                        labels(o, "code", code));
                            }
                        }
                    }
                }
                case "@status" -> {
                    for (Obj o : objs) {
                        String state = state(o);
                        List<String> states = o.server() != null ? PromMetrics.SERVER_STATES : PromMetrics.PROXY_STATES;
                        for (String s : states) {
                            out.sample(m.name(), m.type(), m.help(), s.equals(state) ? "1" : "0",
                                    labels(o, "state", s));
                        }
                    }
                }
                case "@agg_server_status" -> {
                    for (Obj o : withServers(objs)) {
                        Map<String, Integer> counts = new HashMap<>();
                        for (Server s : o.backend().servers()) {
                            counts.merge(serverState(s), 1, Integer::sum);
                        }
                        for (String s : PromMetrics.SERVER_STATES) {
                            out.sample(m.name(), m.type(), m.help(), Integer.toString(counts.getOrDefault(s, 0)),
                                    labels(o, "state", s));
                        }
                    }
                }
                case "@agg_check_status" -> {
                    for (Obj o : withServers(objs)) {
                        Map<String, Integer> counts = new HashMap<>();
                        for (Obj s : allServers) {
                            String st = checkStatus(s);
                            if (s.backend() == o.backend() && st != null) {
                                counts.merge(st, 1, Integer::sum);
                            }
                        }
                        for (String s : PromMetrics.CHECK_STATES) {
                            out.sample(m.name(), m.type(), m.help(), Integer.toString(counts.getOrDefault(s, 0)),
                                    labels(o, "state", s));
                        }
                    }
                }
                case "@check_status" -> {
                    for (Obj o : objs) {
                        String st = checkStatus(o);
                        if (st == null) {
                            continue;
                        }
                        for (String s : PromMetrics.CHECK_STATES) {
                            out.sample(m.name(), m.type(), m.help(), s.equals(st) ? "1" : "0",
                                    labels(o, "state", s));
                        }
                    }
                }
                case "@check_code", "@check_duration" -> {
                    boolean code = m.source().equals("@check_code");
                    for (Obj o : objs) {
                        if (checkStatus(o) == null) {
                            continue;
                        }
                        Field f = o.field(code ? "check_code" : "check_duration");
                        long v = f == null ? 0 : Long.parseLong(f.value());
                        out.sample(m.name(), m.type(), m.help(), code ? Long.toString(v) : PromText.seconds(v),
                                labels(o));
                    }
                }
                default -> {
                    for (Obj o : objs) {
                        if (!httpOnly || o.proxy().mode() == Mode.HTTP) {
                            out.sample(m.name(), m.type(), m.help(), plain(o.field(m.field()), m.millis()),
                                    labels(o));
                        }
                    }
                }
            }
        }
    }

    /** HAProxy writes no counts by state for a backend without any server (verified on 2.6.12). */
    private static List<Obj> withServers(List<Obj> backends) {
        return backends.stream().filter(o -> !o.backend().servers().isEmpty()).toList();
    }

    /** Bascule's histogram, backend by backend: cumulative buckets, then the sum and the count. */
    private static void histograms(PromText out, List<Obj> backends) {
        for (Obj o : backends) {
            LatencyHistogram.Snapshot s = o.backend().latency().snapshot();
            double[] bounds = s.bounds();
            for (int i = 0; i <= bounds.length; i++) {
                String le = i < bounds.length ? PromText.number(bounds[i]) : "+Inf";
                out.histogramSample(HISTOGRAM, HISTOGRAM_HELP, "_bucket", Long.toString(s.cumulative()[i]),
                        "proxy", o.name(), "le", le);
            }
            out.histogramSample(HISTOGRAM, HISTOGRAM_HELP, "_sum", PromText.number(s.sumSeconds()),
                    "proxy", o.name());
            out.histogramSample(HISTOGRAM, HISTOGRAM_HELP, "_count", Long.toString(s.count()), "proxy", o.name());
        }
    }

    /** A column's value: {@code NaN} where show stat leaves it empty, seconds for a time in milliseconds. */
    private static String plain(Field f, boolean millis) {
        if (f == null || f.type().equals("str")) {
            return "NaN";
        }
        return millis ? PromText.seconds(Long.parseLong(f.value())) : f.value();
    }

    private static String[] labels(Obj o, String... more) {
        String[] base = o.server() == null ? new String[] {"proxy", o.name()}
                : new String[] {"proxy", o.name(), "server", o.server().name()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** The state label of a frontend ({@code UP} while open), a backend (as show stat) or a server. */
    private static String state(Obj o) {
        if (o.server() != null) {
            return serverState(o.server());
        }
        String status = o.field("status").value();
        return status.equals("OPEN") || status.equals("UP") ? "UP" : "DOWN";
    }

    /**
     * HAProxy's exporter reduces a server to five states: in maintenance (also when following a tracked server
     * into it), else {@code NOLB} while soft-stopped (drained or not), else draining or up while its checks and
     * agent pass, else down.
     */
    static String serverState(Server s) {
        if (s.adminState() == AdminState.MAINT) {
            return "MAINT";
        }
        if (s.isStopping()) {
            return "NOLB";
        }
        if (s.isHealthy() && s.isAgentUp()) {
            return s.adminState() == AdminState.DRAIN ? "DRAIN" : "UP";
        }
        return "DOWN";
    }

    /** The last check's outcome of a server whose health check runs (show stat's check_status), or null. */
    private static String checkStatus(Obj o) {
        Field f = o.field("check_status");
        if (f == null) {
            return null;
        }
        String v = f.value();
        return v.startsWith("* ") ? v.substring(2) : v;
    }
}
