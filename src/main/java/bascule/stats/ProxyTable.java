package bascule.stats;

import static bascule.stats.Html.cell;
import static bascule.stats.Html.count;
import static bascule.stats.Html.countCell;
import static bascule.stats.Html.duration;
import static bascule.stats.Html.escape;
import static bascule.stats.Html.limit;
import static bascule.stats.Html.number;

import bascule.admin.AdminContext;
import bascule.admin.StatRow;
import bascule.model.ProxySpec;
import java.util.List;

/**
 * One proxy's tables on the HTML page: a title bar with the proxy name, then HAProxy's column groups (Queue,
 * Session rate, Sessions, Bytes, Denied, Errors, Warnings, Server) with a Frontend row, one row per server
 * coloured by its state, and a Backend row. The figures are read from the {@code show stat} rows, so the page
 * and the CSV never disagree. With admin rights, a backend's table sits in a form with a checkbox per server and
 * the action select that {@link AdminActions} reads back.
 */
final class ProxyTable {
    private static final String[][] GROUPS = {{"Queue", "Cur", "Max", "Limit"},
            {"Session rate", "Cur", "Max", "Limit"}, {"Sessions", "Cur", "Max", "Limit", "Total", "LbTot", "Last"},
            {"Bytes", "In", "Out"}, {"Denied", "Req", "Resp"}, {"Errors", "Req", "Conn", "Resp"},
            {"Warnings", "Retr", "Redis"},
            {"Server", "Status", "LastChk", "Wght", "Act", "Bck", "Chk", "Dwn", "Dwntme", "Thrtle"}};

    /** The form's actions: value and label, in the order of HAProxy's select. */
    private static final String[][] ACTIONS = {{"ready", "Set state to READY"}, {"drain", "Set state to DRAIN"},
            {"maint", "Set state to MAINT"}, {"dhlth", "Health: disable checks"}, {"ehlth", "Health: enable checks"},
            {"hrunn", "Health: force UP"}, {"hnolb", "Health: force NOLB"}, {"hdown", "Health: force DOWN"}, {"dagent", "Agent: disable checks"},
            {"eagent", "Agent: enable checks"}, {"arunn", "Agent: force UP"}, {"adown", "Agent: force DOWN"},
            {"shutdown", "Kill Sessions"}};

    private final AdminContext ctx;
    private final boolean legends;

    ProxyTable(AdminContext ctx, boolean legends) {
        this.ctx = ctx;
        this.legends = legends;
    }

    void render(StringBuilder b, int iid, List<StatRow> rows, boolean admin) {
        ProxySpec p = ctx.proxyById(iid);
        String name = p == null ? cell(rows.get(0), "pxname") : p.name();
        boolean form = admin && p != null && p.kind().isBackend() && !p.servers().isEmpty();
        String n = escape(name);
        if (form) {
            b.append("<form method=\"post\">");
        }
        b.append("<table class=\"tbl\" width=\"100%\">\n<tr class=\"titre\"><th class=\"pxname\" width=\"10%\">")
                .append("<a name=\"").append(n).append("\"></a>");
        if (legends && p != null) {
            b.append("<u><a class=px href=\"#").append(n).append("\">").append(n).append("</a><div class=tips>cap: ")
                    .append(p.kind().isFrontend() && p.kind().isBackend() ? "proxy"
                            : p.kind().isFrontend() ? "frontend" : "backend")
                    .append(", mode: ").append(p.mode().name().toLowerCase(java.util.Locale.ROOT)).append(", id: ")
                    .append(iid).append("</div></u>");
        } else {
            b.append("<a class=px href=\"#").append(n).append("\">").append(n).append("</a>");
        }
        b.append("</th><th class=\"empty\" width=\"90%\"></th></tr>\n</table>\n");
        b.append("<table class=\"tbl\" width=\"100%\">\n<tr class=\"titre\">");
        if (form) {
            String cls = n + "-checkbox";
            b.append("<th rowspan=2 width=1><input type=\"checkbox\" title=\"Select all servers\" onclick=\"for (const c"
                    + " of document.getElementsByClassName('").append(cls).append("')) c.checked = this.checked\"></th>");
        }
        b.append("<th rowspan=2></th>");
        for (String[] g : GROUPS) {
            b.append("<th colspan=").append(g.length - 1).append('>').append(g[0]).append("</th>");
        }
        b.append("</tr>\n<tr class=\"titre\">");
        for (String[] g : GROUPS) {
            for (int i = 1; i < g.length; i++) {
                b.append("<th>").append(g[i]).append("</th>");
            }
        }
        b.append("</tr>\n");
        for (StatRow r : rows) {
            switch (r.kind()) {
                case FRONTEND -> frontend(b, r, n, form);
                case SERVER -> server(b, r, n, form);
                case BACKEND -> backend(b, r, n, form);
                default -> throw new IllegalStateException(r.kind().name());
            }
        }
        b.append("</table>");
        if (form) {
            b.append("Choose the action to perform on the checked servers : <select name=action>"
                    + "<option value=\"\"></option>");
            for (String[] a : ACTIONS) {
                b.append("<option value=\"").append(a[0]).append("\">").append(a[1]).append("</option>");
            }
            b.append("</select><input type=\"hidden\" name=\"b\" value=\"#").append(iid)
                    .append("\">&nbsp;<input type=\"submit\" value=\"Apply\"></form>");
        }
        b.append("<p>\n");
    }

    private static void td(StringBuilder b, String text) {
        b.append("<td>").append(text).append("</td>");
    }

    private static void ac(StringBuilder b, String text) {
        b.append("<td class=ac>").append(text).append("</td>");
    }

    private static void anchor(StringBuilder b, String proxy, String label) {
        b.append("<a name=\"").append(proxy).append('/').append(label).append("\"></a><a class=lfsb href=\"#")
                .append(proxy).append('/').append(label).append("\">").append(label).append("</a>");
    }

    private void frontend(StringBuilder b, StatRow r, String px, boolean form) {
        b.append("<tr class=\"frontend\">");
        if (form) {
            td(b, "");
        }
        b.append("<td class=ac>");
        anchor(b, px, "Frontend");
        b.append("</td><td colspan=3></td>");
        td(b, countCell(r, "rate"));
        td(b, countCell(r, "rate_max"));
        td(b, limit(r, "rate_lim"));
        td(b, countCell(r, "scur"));
        td(b, countCell(r, "smax"));
        td(b, countCell(r, "slim"));
        td(b, countCell(r, "stot"));
        td(b, "");
        td(b, "");
        td(b, countCell(r, "bin"));
        td(b, countCell(r, "bout"));
        td(b, countCell(r, "dreq"));
        td(b, countCell(r, "dresp"));
        td(b, countCell(r, "ereq"));
        td(b, "");
        td(b, "");
        td(b, "");
        td(b, "");
        ac(b, escape(cell(r, "status")));
        b.append("<td class=ac colspan=8></td></tr>\n");
    }

    private void server(StringBuilder b, StatRow r, String px, boolean form) {
        String status = cell(r, "status");
        boolean backup = number(r, "bck") > 0;
        String name = escape(cell(r, "svname"));
        b.append("<tr class=\"").append(stateClass(status, backup)).append("\">");
        if (form) {
            b.append("<td><input class=\"").append(px).append("-checkbox\" type=\"checkbox\" name=\"s\" value=\"")
                    .append(name).append("\"></td>");
        }
        b.append("<td class=ac>");
        if (legends) {
            b.append("<u>");
            anchor(b, px, name);
            String addr = cell(r, "addr");
            b.append("<div class=tips>").append(addr.isEmpty() ? "" : escape(addr) + ", ").append("id: ")
                    .append(cell(r, "sid"));
            String tracked = cell(r, "tracked");
            if (!tracked.isEmpty()) {
                b.append(", tracks: ").append(escape(tracked));
            }
            b.append("</div></u>");
        } else {
            anchor(b, px, name);
        }
        b.append("</td>");
        td(b, countCell(r, "qcur"));
        td(b, countCell(r, "qmax"));
        td(b, limit(r, "qlimit"));
        td(b, countCell(r, "rate"));
        td(b, countCell(r, "rate_max"));
        td(b, "");
        td(b, countCell(r, "scur"));
        td(b, countCell(r, "smax"));
        td(b, limit(r, "slim"));
        td(b, countCell(r, "stot"));
        td(b, countCell(r, "lbtot"));
        td(b, duration(number(r, "lastsess")));
        td(b, countCell(r, "bin"));
        td(b, countCell(r, "bout"));
        td(b, "");
        td(b, countCell(r, "dresp"));
        td(b, "");
        td(b, countCell(r, "econ"));
        td(b, countCell(r, "eresp"));
        td(b, countCell(r, "wretr"));
        td(b, countCell(r, "wredis"));
        if (status.equals("no check")) {
            ac(b, "<i>no check</i>");
        } else {
            ac(b, duration(number(r, "lastchg")) + " " + escape(status));
        }
        String check = cell(r, "check_status");
        if (check.isEmpty()) {
            td(b, "");
        } else {
            String code = cell(r, "check_code");
            String took = cell(r, "check_duration");
            ac(b, "<u> " + escape(check) + (code.isEmpty() ? "" : "/" + code)
                    + (took.isEmpty() ? "" : " in " + took + "ms") + "<div class=tips>"
                    + escape(cell(r, "check_desc")) + "</div></u>");
        }
        ac(b, cell(r, "weight") + "/" + cell(r, "uweight"));
        ac(b, backup ? "-" : "Y");
        ac(b, backup ? "Y" : "-");
        if (cell(r, "chkfail").isEmpty()) {
            b.append("<td colspan=3></td>");
        } else {
            td(b, "<u>" + countCell(r, "chkfail") + "<div class=tips>Failed Health Checks</div></u>");
            td(b, countCell(r, "chkdown"));
            td(b, duration(number(r, "downtime")));
        }
        String throttle = cell(r, "throttle");
        ac(b, throttle.isEmpty() ? "-" : throttle + " %");
        b.append("</tr>\n");
    }

    private void backend(StringBuilder b, StatRow r, String px, boolean form) {
        b.append("<tr class=\"backend\">");
        if (form) {
            td(b, "");
        }
        b.append("<td class=ac>");
        if (legends) {
            b.append("<u>");
            anchor(b, px, "Backend");
            String algo = cell(r, "algo");
            b.append("<div class=tips>balancing: ").append(escape(algo)).append("</div></u>");
        } else {
            anchor(b, px, "Backend");
        }
        b.append("</td>");
        td(b, countCell(r, "qcur"));
        td(b, countCell(r, "qmax"));
        td(b, "");
        td(b, countCell(r, "rate"));
        td(b, countCell(r, "rate_max"));
        td(b, "");
        td(b, countCell(r, "scur"));
        td(b, countCell(r, "smax"));
        td(b, countCell(r, "slim"));
        td(b, countCell(r, "stot"));
        td(b, countCell(r, "lbtot"));
        td(b, duration(number(r, "lastsess")));
        td(b, countCell(r, "bin"));
        td(b, countCell(r, "bout"));
        td(b, countCell(r, "dreq"));
        td(b, countCell(r, "dresp"));
        td(b, "");
        td(b, countCell(r, "econ"));
        td(b, countCell(r, "eresp"));
        td(b, countCell(r, "wretr"));
        td(b, countCell(r, "wredis"));
        ac(b, duration(number(r, "lastchg")) + " " + escape(cell(r, "status")));
        ac(b, "&nbsp;");
        ac(b, cell(r, "weight") + "/" + cell(r, "uweight"));
        ac(b, count(number(r, "act")));
        ac(b, count(number(r, "bck")));
        ac(b, "&nbsp;");
        td(b, countCell(r, "chkdown"));
        td(b, duration(number(r, "downtime")));
        td(b, "");
        b.append("</tr>\n");
    }

    /** HAProxy's row colour for a server's {@code show stat} status. */
    static String stateClass(String status, boolean backup) {
        if (status.startsWith("MAINT")) {
            return "maintain";
        }
        String state;
        if (status.startsWith("DRAIN")) {
            state = "draining";
        } else if (status.equals("no check")) {
            state = "no_check";
        } else if (status.startsWith("NOLB")) {
            state = status.equals("NOLB") ? "nolb" : "going_down"; // "NOLB 2/3": failing checks, as HAProxy colours it
        } else if (status.startsWith("UP")) {
            state = status.equals("UP") ? "up" : "going_down";
        } else if (status.startsWith("DOWN ") && Character.isDigit(status.charAt(5))) {
            state = "going_up";
        } else {
            state = "down";
        }
        return (backup ? "backup_" : "active_") + state;
    }
}
