package bascule.stats;

import bascule.model.StatsSpec;

/**
 * What the part of a stats URI after the {@code stats uri} prefix asks for, read as HAProxy reads it: the
 * options are words found anywhere after the prefix ({@code ;csv}, {@code ;json}, {@code ;typed}, {@code ;up},
 * {@code ;no-maint}, {@code ;norefresh}, {@code ;st=<code>}, {@code scope=<text>}), not a strict grammar.
 *
 * @param format     the output format
 * @param upOnly     {@code ;up}: hide servers that are down or in maintenance
 * @param noMaint    {@code ;no-maint}: hide servers in maintenance
 * @param noRefresh  {@code ;norefresh} (only meaningful when {@code stats refresh} is set)
 * @param status     the {@code ;st=} result banner to show, or null
 * @param scope      the page's scope filter (a proxy name part), or "" for all
 */
record PageRequest(Format format, boolean upOnly, boolean noMaint, boolean noRefresh, ActionStatus status,
                   String scope) {
    /** The longest scope text HAProxy keeps (its form field's maxlength). */
    static final int SCOPE_MAX = 20;

    enum Format {
        HTML, CSV, TYPED, JSON, JSON_SCHEMA
    }

    /** The request target without scheme and authority (absolute-form requests), as the prefix is compared. */
    static String target(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme > 0 && uri.indexOf('/') > scheme) {
            int path = uri.indexOf('/', scheme + 3);
            return path < 0 ? "/" : uri.substring(path);
        }
        return uri;
    }

    /** Whether a request target is for the page of {@code spec}: it starts with the configured prefix. */
    static boolean matches(StatsSpec spec, String uri) {
        return (spec.uri().startsWith("/") ? target(uri) : uri).startsWith(spec.uri());
    }

    static PageRequest parse(StatsSpec spec, String uri) {
        String t = spec.uri().startsWith("/") ? target(uri) : uri;
        String rest = t.length() >= spec.uri().length() ? t.substring(spec.uri().length()) : "";
        Format format = Format.HTML;
        if (rest.contains(";json-schema")) {
            format = Format.JSON_SCHEMA;
        } else if (rest.contains(";json")) {
            format = Format.JSON;
        } else if (rest.contains(";typed")) {
            format = Format.TYPED;
        } else if (rest.contains(";csv")) {
            format = Format.CSV;
        }
        ActionStatus status = null;
        int st = rest.indexOf(";st=");
        if (st >= 0) {
            String code = rest.substring(st + 4);
            int end = 0;
            while (end < code.length() && Character.isLetter(code.charAt(end))) {
                end++;
            }
            status = ActionStatus.parse(code.substring(0, end));
        }
        String scope = "";
        int sc = rest.indexOf("scope=");
        if (sc >= 0) {
            int from = sc + 6;
            int end = from;
            while (end < rest.length() && end - from < SCOPE_MAX && rest.charAt(end) != ';' && rest.charAt(end) != '&'
                    && rest.charAt(end) != '#') {
                end++;
            }
            scope = rest.substring(from, end);
        }
        return new PageRequest(format, rest.contains(";up"), rest.contains(";no-maint"),
                spec.refreshSeconds() > 0 && rest.contains(";norefresh"), status, scope);
    }

    /** The options that survive a redirect or a link: {@code ;up} and {@code ;norefresh}. */
    String keptOptions() {
        return (upOnly ? ";up" : "") + (noRefresh ? ";norefresh" : "");
    }
}
