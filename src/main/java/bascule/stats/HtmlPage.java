package bascule.stats;

import static bascule.stats.Html.escape;

import bascule.admin.AdminContext;
import bascule.admin.StatRow;
import bascule.model.StatsSpec;
import bascule.proxy.ProxyRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML stats page, laid out as HAProxy 2.6's so that operators find things where they expect them: a header
 * with the process facts, the legend of state colours and the display options, an optional result banner, then
 * one table per proxy ({@link ProxyTable}). The state classes and their colours are HAProxy's, since people read
 * the page by colour; the rest of the style is Bascule's own.
 */
final class HtmlPage {
    private static final String STYLE = """
            body { font-family: arial, helvetica, sans-serif; font-size: 12px; color: black; background: white; }
            th, td { font-size: 10px; }
            h1 { font-size: x-large; margin-bottom: 0.5em; }
            h2 { font-size: x-large; font-weight: bold; font-style: italic; color: #6020a0; margin: 0; }
            h3 { font-size: 16px; font-weight: bold; color: #b00040; background: #e8e8d0; margin: 0; }
            li { margin-top: 0.25em; margin-right: 2em; }
            .hr { margin-top: 0.25em; border-color: black; border-bottom-style: solid; }
            .titre { background: #20D0D0; color: #000000; font-weight: bold; text-align: center; }
            .total { background: #20D0D0; color: #ffff80; }
            .frontend { background: #e8e8d0; }
            .socket { background: #d0d0d0; }
            .backend { background: #e8e8d0; }
            .active_down { background: #ff9090; }
            .active_going_up { background: #ffd020; }
            .active_going_down { background: #ffffa0; }
            .active_up { background: #c0ffc0; }
            .active_nolb { background: #20a0ff; }
            .active_draining { background: #20a0FF; }
            .active_no_check { background: #e0e0e0; }
            .backup_down { background: #ff9090; }
            .backup_going_up { background: #ff80ff; }
            .backup_going_down { background: #c060ff; }
            .backup_up { background: #b0d0ff; }
            .backup_nolb { background: #90b0e0; }
            .backup_draining { background: #cc9900; }
            .backup_no_check { background: #e0e0e0; }
            .maintain { background: #c07820; }
            .rls { letter-spacing: 0.2em; margin-right: 1px; }
            a.px { color: #ffff40; text-decoration: none; }
            a.px:hover { color: #ffffff; }
            a.lfsb { color: #000000; text-decoration: none; }
            a.lfsb:hover { color: #505050; }
            table.tbl { border-collapse: collapse; border-style: none; }
            table.tbl td { text-align: right; border: 1px solid gray; padding: 2px 3px; white-space: nowrap; }
            table.tbl td.ac { text-align: center; }
            table.tbl th { border: 1px solid gray; }
            table.tbl th.pxname { background: #b00040; color: #ffff40; font-weight: bold; border-bottom-style: none;
              padding: 2px 3px; white-space: nowrap; }
            table.tbl th.empty { border-style: none; background: white; }
            table.tbl th.desc { background: white; border-bottom-style: none; text-align: left; padding: 2px 3px; }
            table.lgd { border-collapse: collapse; border-left: 1px solid black; }
            table.lgd td { border: 1px solid gray; padding: 2px; }
            table.lgd td.noborder { border-style: none; padding: 2px; white-space: nowrap; }
            table.det { border-collapse: collapse; border-style: none; }
            table.det th { text-align: left; border-width: 0; padding: 0 1px 0 0; font-size: 11px; }
            table.det td { text-align: right; border-width: 0; padding: 0 0 0 4px; white-space: nowrap; font-size: 11px; }
            u { text-decoration: none; border-bottom: 1px dotted black; }
            div.tips { display: block; visibility: hidden; z-index: 2147483647; position: absolute; padding: 2px 4px 3px;
              background: #f0f060; color: #000000; border: 1px solid #7040c0; white-space: nowrap; font-size: 11px;
              border-radius: 3px; box-shadow: gray 2px 2px 3px; }
            u:hover div.tips { visibility: visible; }
            """;

    private final AdminContext ctx;

    HtmlPage(AdminContext ctx) {
        this.ctx = ctx;
    }

    String render(StatsSpec spec, PageRequest req, List<StatRow> rows, boolean admin) {
        StringBuilder b = new StringBuilder(16384);
        String product = "Bascule";
        String node = spec.node();
        b.append("<!DOCTYPE html>\n<html><head><title>Statistics Report for ").append(product);
        if (node != null) {
            b.append(" on ").append(escape(node));
        }
        b.append("</title>\n<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n<style>\n").append(STYLE)
                .append("</style></head>\n<body>");
        b.append("<h1>").append(product);
        if (!spec.hideVersion()) {
            b.append(" version ").append(escape(ctx.version()));
        }
        b.append("</h1>\n<h2>Statistics Report for pid ").append(ProcessHandle.current().pid());
        if (node != null) {
            b.append(" on ").append(escape(node));
        }
        if (spec.description() != null) {
            b.append(": ").append(escape(spec.description()));
        }
        b.append("</h2>\n<hr width=\"100%\" class=\"hr\">\n<h3>&gt; General process information</h3>\n");
        b.append("<table border=0><tr><td align=\"left\" nowrap width=\"1%\">\n");
        processInfo(b);
        b.append("</td><td align=\"center\" nowrap>\n");
        legend(b);
        b.append("</td><td align=\"left\" valign=\"top\" nowrap width=\"1%\">");
        displayOptions(b, spec, req);
        b.append("</td></tr></table>\n");
        if (req.status() != null) {
            String back = escape(spec.uri() + req.keptOptions());
            b.append("<p><div class=").append(req.status().cssClass()).append("><a class=lfsb href=\"").append(back)
                    .append("\" title=\"Remove this message\">[X]</a> ").append(req.status().html())
                    .append("</div>\n");
        }
        b.append("<p>\n");
        Map<Integer, List<StatRow>> byProxy = new LinkedHashMap<>();
        for (StatRow r : rows) {
            byProxy.computeIfAbsent(r.proxyId(), k -> new ArrayList<>()).add(r);
        }
        ProxyTable table = new ProxyTable(ctx, spec.showLegends());
        for (Map.Entry<Integer, List<StatRow>> e : byProxy.entrySet()) {
            table.render(b, e.getKey(), e.getValue(), admin);
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private void processInfo(StringBuilder b) {
        ProxyRuntime rt = ctx.runtime();
        long up = Math.max(0, (System.currentTimeMillis() - ctx.startMillis()) / 1000);
        long pid = ProcessHandle.current().pid();
        b.append("<p><b>pid = </b> ").append(pid).append(" (process #1, nbproc = 1, nbthread = ")
                .append(ctx.threads()).append(")<br>\n");
        b.append("<b>uptime = </b> ").append(up / 86400).append("d ").append(up % 86400 / 3600).append('h')
                .append(String.format("%02dm%02ds", up % 3600 / 60, up % 60)).append("<br>\n");
        Runtime jvm = Runtime.getRuntime();
        b.append("<b>system limits:</b> memmax = ").append(jvm.maxMemory() == Long.MAX_VALUE ? "unlimited"
                : (jvm.maxMemory() >> 20) + " MB (JVM heap)").append("<br>\n");
        b.append("<b>maxconn = </b> ").append(rt.globalMaxconn()).append("<br>\n");
        b.append("current conns = ").append(rt.currentConnections()).append("; conn rate = ")
                .append(rt.traffic().rate().perSecond()).append("/sec<br>\n");
    }

    private static void legend(StringBuilder b) {
        b.append("<table class=\"lgd\"><tr>\n")
                .append(swatch("active_up", "active UP")).append(swatch("backup_up", "backup UP"))
                .append("</tr><tr>\n")
                .append(swatch("active_going_down", "active UP, going down"))
                .append(swatch("backup_going_down", "backup UP, going down")).append("</tr><tr>\n")
                .append(swatch("active_going_up", "active DOWN, going up"))
                .append(swatch("backup_going_up", "backup DOWN, going up")).append("</tr><tr>\n")
                .append(swatch("active_down", "active or backup DOWN &nbsp;"))
                .append(swatch("active_no_check", "not checked")).append("</tr><tr>\n")
                .append("<td class=\"maintain\"></td><td class=\"noborder\" colspan=\"3\">active or backup DOWN "
                        + "for maintenance (MAINT) &nbsp;</td></tr><tr>\n")
                .append("<td class=\"active_draining\"></td><td class=\"noborder\" colspan=\"3\">active or backup "
                        + "SOFT STOPPED for maintenance &nbsp;</td></tr></table>\n")
                .append("Note: \"NOLB\"/\"DRAIN\" = UP with load-balancing disabled.");
    }

    private static String swatch(String cssClass, String text) {
        return "<td class=\"" + cssClass + "\">&nbsp;</td><td class=\"noborder\">" + text + " </td>";
    }

    private static void displayOptions(StringBuilder b, StatsSpec spec, PageRequest req) {
        String uri = spec.uri();
        boolean refresh = spec.refreshSeconds() > 0;
        String norefresh = req.noRefresh() ? ";norefresh" : "";
        b.append("<b>Display option:</b><ul style=\"margin-top: 0.25em;\">");
        b.append("<li><form method=\"GET\">Scope : <input value=\"").append(escape(req.scope()))
                .append("\" name=\"scope\" size=\"8\" maxlength=\"").append(PageRequest.SCOPE_MAX)
                .append("\" tabindex=\"1\"/></form>\n");
        if (req.upOnly()) {
            link(b, uri + norefresh, "Show all servers");
        } else {
            link(b, uri + ";up" + norefresh, "Hide 'DOWN' servers");
        }
        if (refresh) {
            if (req.noRefresh()) {
                link(b, uri + (req.upOnly() ? ";up" : ""), "Enable refresh");
            } else {
                link(b, uri + (req.upOnly() ? ";up" : "") + ";norefresh", "Disable refresh");
            }
        }
        link(b, uri + req.keptOptions(), "Refresh now");
        link(b, uri + ";csv" + (refresh ? ";norefresh" : ""), "CSV export");
        link(b, uri + ";json" + (refresh ? ";norefresh" : ""), "JSON export");
        b.append("</ul>");
    }

    private static void link(StringBuilder b, String href, String text) {
        b.append("<li><a href=\"").append(escape(href)).append("\">").append(text).append("</a><br>\n");
    }
}
