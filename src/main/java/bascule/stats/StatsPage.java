package bascule.stats;

import bascule.admin.AdminContext;
import bascule.admin.StatOutput;
import bascule.admin.StatRow;
import bascule.admin.StatRows;
import bascule.http.HttpService;
import bascule.http.RuleContext;
import bascule.http.ServiceRequest;
import bascule.model.CliLevel;
import bascule.model.StatsSpec;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One proxy's stats page ({@code stats uri}): checks {@code stats auth} (401 with the realm), then answers a GET
 * or HEAD with the HTML page, CSV, typed or JSON figures, and a POST from the admin form with the result as a
 * 303 redirect to {@code <uri>;st=<code>}, exactly as HAProxy does so that a reload never posts twice.
 */
final class StatsPage implements HttpService {
    private final AdminContext ctx;
    private final StatsSpec spec;

    StatsPage(AdminContext ctx, StatsSpec spec) {
        this.ctx = ctx;
        this.spec = spec;
    }

    @Override
    public String logName() {
        return "<STATS>";
    }

    @Override
    public FullHttpResponse serve(ServiceRequest request) {
        if (!spec.users().isEmpty() && !authorized(request.head().headers().get("authorization"))) {
            return unauthorized(request);
        }
        PageRequest page = PageRequest.parse(spec, request.head().uri());
        boolean admin = spec.admin() != null && spec.admin().test(request.context());
        HttpMethod method = request.head().method();
        if (method.equals(HttpMethod.POST)) {
            ActionStatus st = admin ? new AdminActions(ctx).apply(request.body()) : ActionStatus.DENY;
            return redirect(page, st);
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            return redirect(page, ActionStatus.IVAL);
        }
        String contentType;
        String body;
        List<StatRow> rows = rows(page);
        switch (page.format()) {
            case CSV -> {
                contentType = "text/plain";
                body = StatOutput.csv(rows);
            }
            case TYPED -> {
                contentType = "text/plain";
                body = StatOutput.typed(rows);
            }
            case JSON -> {
                contentType = "application/json";
                body = StatOutput.json(rows);
            }
            case JSON_SCHEMA -> {
                FullHttpResponse r = errorPage(request, 501);
                return r;
            }
            default -> {
                contentType = "text/html";
                body = new HtmlPage(ctx).render(spec, page, rows, admin);
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                method.equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        HttpHeaders h = r.headers();
        h.add("cache-control", "no-cache");
        h.add("content-type", contentType);
        if (spec.refreshSeconds() > 0 && !page.noRefresh()) {
            h.add("refresh", Integer.toString(spec.refreshSeconds()));
        }
        h.add("content-length", Integer.toString(bytes.length));
        return r;
    }

    /** The rows the page shows: {@code stats scope} proxies only, the page's scope text, {@code ;up}. */
    private List<StatRow> rows(PageRequest page) {
        // Addresses are shown with show-legends, as HAProxy shows them to operator-level CLI sessions.
        StatRows all = new StatRows(ctx, spec.showLegends() ? CliLevel.OPERATOR : CliLevel.USER);
        List<StatRow> rows = all.collect(new StatRows.Filter(-1, -1, -1, page.upOnly(),
                page.noMaint() || page.upOnly()));
        String text = page.scope().toLowerCase(Locale.ROOT);
        List<StatRow> kept = new ArrayList<>(rows.size());
        for (StatRow r : rows) {
            String proxy = Html.cell(r, "pxname");
            if (!spec.scopes().isEmpty() && !spec.scopes().contains(proxy)) {
                continue;
            }
            if (!text.isEmpty() && !proxy.toLowerCase(Locale.ROOT).contains(text)) {
                continue;
            }
            kept.add(r);
        }
        return kept;
    }

    private FullHttpResponse redirect(PageRequest page, ActionStatus st) {
        String location = spec.uri() + ";st=" + st.name() + page.keptOptions()
                + (page.scope().isEmpty() ? "" : "?scope=" + page.scope());
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER,
                Unpooled.EMPTY_BUFFER);
        r.headers().add("cache-control", "no-cache").add("content-type", "text/plain").add("content-length", "0")
                .add("location", location);
        return r;
    }

    private boolean authorized(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean ok = false;
        for (StatsSpec.User u : spec.users()) {
            byte[] expected = (u.name() + ":" + u.password()).getBytes(StandardCharsets.UTF_8);
            ok |= MessageDigest.isEqual(expected, given);
        }
        return ok;
    }

    /** The proxy's 401 page (an {@code errorfile 401} applies, as in HAProxy) with the Basic challenge. */
    private FullHttpResponse unauthorized(ServiceRequest request) {
        FullHttpResponse r = errorPage(request, 401);
        r.headers().add("www-authenticate", "Basic realm=\"" + spec.realm() + "\"");
        return r;
    }

    private static FullHttpResponse errorPage(ServiceRequest request, int status) {
        if (request.context() instanceof RuleContext rc) {
            return rc.errorPage(status);
        }
        HttpResponseStatus s = HttpResponseStatus.valueOf(status);
        byte[] body = ("<html><body><h1>" + status + " " + s.reasonPhrase() + "</h1>\n</body></html>\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, Unpooled.wrappedBuffer(body));
        r.headers().add("content-length", Integer.toString(body.length)).add("cache-control", "no-cache")
                .add("content-type", "text/html");
        return r;
    }
}
