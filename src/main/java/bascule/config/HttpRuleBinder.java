package bascule.config;

import bascule.model.HttpAction;
import bascule.model.HttpActions;
import bascule.model.HttpReply;
import bascule.model.HttpRule;
import bascule.model.ProxyKind;
import bascule.sample.Format;
import bascule.sample.SampleException;
import bascule.sample.SampleExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Binds {@code http-request}, {@code http-response}, {@code http-after-response} and {@code redirect} lines
 * into {@link HttpRule}s on a {@link ProxyBuilder}. Each phase accepts the actions HAProxy 2.6 accepts there;
 * HAProxy actions that Bascule lacks are refused with the feature that will bring them.
 */
final class HttpRuleBinder {
    static final List<String> REQUEST_ACTIONS = List.of("allow", "deny", "tarpit", "redirect", "return",
            "set-header", "add-header", "del-header", "replace-header", "replace-value", "set-path", "set-pathq",
            "set-query", "set-uri", "set-method", "set-var", "set-var-fmt", "unset-var", "auth", "set-log-level",
            "capture", "set-src", "use-service");
    /** The services {@code http-request use-service} may name. */
    static final List<String> SERVICES = List.of("prometheus-exporter");
    static final List<String> RESPONSE_ACTIONS = List.of("allow", "deny", "redirect", "return", "set-header",
            "add-header", "del-header", "replace-header", "replace-value", "set-status", "set-var", "set-var-fmt",
            "unset-var", "set-log-level", "capture");
    static final List<String> AFTER_RESPONSE_ACTIONS = List.of("allow", "set-header", "add-header", "del-header",
            "replace-header", "replace-value", "set-status", "set-var", "set-var-fmt", "unset-var", "capture");
    /** Statuses that have a built-in error page, so that deny/tarpit/return may use one without a payload. */
    static final List<Integer> ERROR_PAGE_STATUSES = List.of(200, 400, 401, 403, 404, 405, 407, 408, 410, 413,
            425, 429, 500, 501, 502, 503, 504);
    static final List<String> LOG_LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info",
            "debug", "silent");
    static final List<String> VARIABLE_SCOPES = List.of("proc", "sess", "txn", "req", "res", "check");

    private static final List<String> REDIRECT_OPTIONS = List.of("code", "prefix", "location", "scheme",
            "set-cookie", "clear-cookie", "drop-query", "append-slash", "ignore-empty");
    private static final List<String> REPLY_OPTIONS = List.of("status", "content-type", "default-errorfiles",
            "errorfile", "errorfiles", "file", "lf-file", "string", "lf-string", "hdr");

    /** The phases; {@code keyword} is how a line names its list. */
    enum Phase {
        REQUEST("http-request"), RESPONSE("http-response"), AFTER_RESPONSE("http-after-response"),
        REDIRECT("redirect");

        final String keyword;

        Phase(String keyword) {
            this.keyword = keyword;
        }
    }

    static void bind(ConfigLine line, ProxyBuilder p, boolean isDefaults) throws ConfigException {
        Phase phase = switch (line.keyword()) {
            case "http-request" -> Phase.REQUEST;
            case "http-response" -> Phase.RESPONSE;
            case "http-after-response" -> Phase.AFTER_RESPONSE;
            default -> Phase.REDIRECT;
        };
        if (isDefaults) {
            if (phase == Phase.REDIRECT) {
                throw new ConfigException(line.position(), "'redirect' is not allowed in a 'defaults' section; it "
                        + "belongs in frontend, listen, backend (or use 'http-request redirect' in a named defaults)");
            }
            if (p.name == null) {
                throw new ConfigException(line.position(), "'" + line.keyword() + "' is not allowed in an anonymous "
                        + "'defaults' section: name it ('defaults <name>'), as HAProxy requires for rules");
            }
            p.definesRules = true;
        }
        int first = phase == Phase.REDIRECT ? 0 : 1;
        HttpRuleBinder b = new HttpRuleBinder(line, p, phase);
        HttpAction action;
        int end;
        if (phase == Phase.REDIRECT) {
            b.at = 1;
            action = b.redirect("redirect");
        } else {
            String name = Words.required(line, 1, "an action such as " + String.join(", ",
                    actions(phase).subList(0, Math.min(6, actions(phase).size()))) + ", ...");
            b.at = 2;
            action = b.action(name);
        }
        end = b.at;
        String what = phase == Phase.REDIRECT ? "redirect" : line.keyword() + " " + line.word(first);
        if (end < line.size() && !line.word(end).equals("if") && !line.word(end).equals("unless")) {
            throw new ConfigException(line.position(), "'" + what + "' expects 'if' or 'unless' followed by a "
                    + "condition but got '" + line.word(end) + "'");
        }
        HttpRule rule = new HttpRule(action, p.condition(line, end), line.position());
        switch (phase) {
            case REQUEST -> p.httpRequestRules.add(rule);
            case RESPONSE -> p.httpResponseRules.add(rule);
            case AFTER_RESPONSE -> p.httpAfterResponseRules.add(rule);
            case REDIRECT -> p.redirectRules.add(rule);
        }
    }

    /**
     * A proxy may inherit rules from a named defaults section only as HAProxy allows: not into a
     * {@code listen} or another {@code defaults}, and not into both frontends and backends.
     */
    static void checkInheritance(ProxyBuilder parent, String childType, ProxyKind childKind,
                                 bascule.model.Position at) throws ConfigException {
        if (parent == null || !parent.definesRules) {
            return;
        }
        String from = "defaults section '" + parent.name + "' at " + parent.position;
        if (childType.equals("defaults")) {
            throw new ConfigException(at, "a defaults section cannot inherit from " + from + " because it defines "
                    + "HTTP rules");
        }
        if (childKind == ProxyKind.LISTEN) {
            throw new ConfigException(at, "a listen section cannot inherit from " + from + " because it defines "
                    + "HTTP rules; use a frontend and a backend, or a defaults section without rules");
        }
        ProxyKind other = childKind == ProxyKind.FRONTEND ? ProxyKind.BACKEND : ProxyKind.FRONTEND;
        if (parent.rulesInheritedBy == other) {
            throw new ConfigException(at, "frontends and backends cannot inherit from the same defaults section "
                    + "when it defines HTTP rules (" + from + " is already used by a " + other.keyword() + ")");
        }
        parent.rulesInheritedBy = childKind;
    }

    static List<String> actions(Phase phase) {
        return switch (phase) {
            case REQUEST -> REQUEST_ACTIONS;
            case RESPONSE -> RESPONSE_ACTIONS;
            default -> AFTER_RESPONSE_ACTIONS;
        };
    }

    private final ConfigLine line;
    private final ProxyBuilder p;
    private final Phase phase;
    /** The next word to read. */
    private int at;

    private HttpRuleBinder(ConfigLine line, ProxyBuilder p, Phase phase) {
        this.line = line;
        this.p = p;
        this.phase = phase;
    }

    private HttpAction action(String name) throws ConfigException {
        String base = name;
        String arg = null;
        int paren = name.indexOf('(');
        if (paren > 0 && name.endsWith(")")) {
            base = name.substring(0, paren);
            arg = name.substring(paren + 1, name.length() - 1);
        }
        if (!actions(phase).contains(base)) {
            throw new ConfigException(line.position(), unknown(name, base));
        }
        String what = line.keyword() + " " + base;
        boolean takesArg = base.equals("set-var") || base.equals("set-var-fmt") || base.equals("unset-var");
        if (takesArg && arg == null) {
            throw new ConfigException(line.position(), "'" + what + "' expects a variable name in parentheses, "
                    + "e.g. '" + base + "(txn.name)'");
        }
        if (!takesArg && arg != null || !takesArg && paren >= 0) {
            throw new ConfigException(line.position(), "'" + what + "' takes no argument in parentheses");
        }
        return switch (base) {
            case "allow" -> new HttpActions.Allow();
            case "deny" -> new HttpActions.Deny(reply(what, true, phase == Phase.REQUEST ? 403 : 502));
            case "tarpit" -> new HttpActions.Tarpit(reply(what, true, 500));
            case "return" -> new HttpActions.Return(reply(what, false, 200));
            case "redirect" -> redirect(what);
            case "auth" -> auth(what);
            case "set-header", "add-header" -> new HttpActions.SetHeader(headerName(what), format(what,
                    argument(what, "a header name and a value format")), base.equals("add-header"));
            case "del-header" -> delHeader(what);
            case "replace-header", "replace-value" -> {
                String header = headerName(what);
                Pattern regex = regex(what, argument(what, "a header name, a regex and a replacement format"));
                Format replacement = format(what, argument(what, "a header name, a regex and a replacement format"));
                yield new HttpActions.ReplaceHeader(header, regex, replacement, base.equals("replace-value"));
            }
            case "set-path", "set-pathq", "set-query", "set-uri", "set-method" -> {
                HttpActions.SetRequestPart.Part part = switch (base) {
                    case "set-path" -> HttpActions.SetRequestPart.Part.PATH;
                    case "set-pathq" -> HttpActions.SetRequestPart.Part.PATHQ;
                    case "set-query" -> HttpActions.SetRequestPart.Part.QUERY;
                    case "set-uri" -> HttpActions.SetRequestPart.Part.URI;
                    default -> HttpActions.SetRequestPart.Part.METHOD;
                };
                yield new HttpActions.SetRequestPart(part, format(what, argument(what, "a format")));
            }
            case "set-status" -> setStatus(what);
            case "set-var" -> new HttpActions.SetVar(variable(what, arg),
                    expression(what, argument(what, "a sample expression, e.g. req.hdr(host),lower")));
            case "set-var-fmt" -> new HttpActions.SetVarFormat(variable(what, arg),
                    format(what, argument(what, "a format, e.g. %[src]:%[src_port]")));
            case "unset-var" -> new HttpActions.UnsetVar(variable(what, arg));
            case "set-log-level" -> {
                String level = argument(what, "a log level (" + String.join(", ", LOG_LEVELS) + ")");
                if (!LOG_LEVELS.contains(level)) {
                    throw new ConfigException(line.position(), "'" + what + "' expects one of "
                            + String.join(", ", LOG_LEVELS) + " but got '" + level + "'"
                            + Words.didYouMean(level, LOG_LEVELS));
                }
                yield new HttpActions.SetLogLevel(level);
            }
            case "capture" -> capture(what);
            case "use-service" -> {
                String service = argument(what, "a service name (" + String.join(", ", SERVICES) + ")");
                if (!SERVICES.contains(service)) {
                    throw new ConfigException(line.position(), "'" + what + "': unknown service '" + service + "'"
                            + Words.didYouMean(service, SERVICES) + "; Bascule offers " + String.join(", ", SERVICES));
                }
                yield new HttpActions.UseService(service);
            }
            case "set-src" -> new HttpActions.SetSource(expression(what, argument(what,
                    "a sample expression giving an address, e.g. req.hdr_ip(x-forwarded-for)")));
            default -> throw new IllegalStateException(base);
        };
    }

    /** Why an action is refused: another phase has it, a later feature brings it, or it is a typo. */
    private String unknown(String name, String base) {
        String what = "'" + line.keyword() + " " + name + "'";
        String later = laterFeature(base);
        if (later != null) {
            return what + " is not supported yet: it arrives with " + later + " (see docs/compatibility.md)";
        }
        for (Phase other : List.of(Phase.REQUEST, Phase.RESPONSE, Phase.AFTER_RESPONSE)) {
            if (other != phase && actions(other).contains(base)) {
                return "action '" + base + "' is not allowed in '" + line.keyword() + "'; it belongs in '"
                        + other.keyword + "'" + (base.equals("tarpit") || base.equals("auth") ? ""
                        : " (" + line.keyword() + " accepts " + String.join(", ", actions(phase)) + ")");
            }
        }
        if (HAPROXY_OTHER_ACTIONS.contains(base)) {
            return what + " is a valid HAProxy action but is not supported by Bascule yet (see "
                    + "docs/compatibility.md)";
        }
        return "unknown action '" + name + "' in '" + line.keyword() + "'" + Words.didYouMean(base, actions(phase))
                + "; expected one of " + String.join(", ", actions(phase));
    }

    private static final List<String> HAPROXY_OTHER_ACTIONS = List.of("replace-path", "replace-pathq",
            "replace-uri", "reject", "silent-drop", "early-hint", "disable-l7-retry", "set-timeout", "strict-mode",
            "wait-for-body", "set-dst", "set-dst-port", "set-src-port", "set-mark", "set-tos", "set-nice",
            "set-priority-class", "set-priority-offset", "add-acl", "del-acl", "set-map", "del-map", "do-resolve",
            "wait-for-handshake", "normalize-uri", "ot-group");

    private static String laterFeature(String base) {
        if (base.startsWith("track-sc") || base.startsWith("sc-")) {
            return LaterFeatures.STICK;
        }
        if (base.startsWith("lua.")) {
            return "Lua";
        }
        return switch (base) {
            case "cache-use", "cache-store" -> "the HTTP cache";
            case "send-spoe-group" -> "SPOE";
            case "wait-for-handshake" -> LaterFeatures.TLS;
            default -> null;
        };
    }

    private String argument(String what, String expected) throws ConfigException {
        String w = line.word(at);
        if (w == null || w.isEmpty() || w.equals("if") || w.equals("unless")) {
            throw new ConfigException(line.position(), "'" + what + "' expects " + expected);
        }
        at++;
        return w;
    }

    private String headerName(String what) throws ConfigException {
        String name = argument(what, "a header name");
        checkHeaderName(what, name);
        return name;
    }

    private void checkHeaderName(String what, String name) throws ConfigException {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new ConfigException(line.position(), "'" + what + "': '" + name + "' is not a valid header "
                        + "name (it may not hold spaces, control characters or any of ()<>@,;:\\\"/[]?={})");
            }
        }
    }

    private Format format(String what, String text) throws ConfigException {
        try {
            return p.compiler.format(text);
        } catch (SampleException e) {
            throw new ConfigException(line.position(), "'" + what + "': " + e.getMessage());
        }
    }

    private SampleExpr expression(String what, String text) throws ConfigException {
        try {
            return p.compiler.expression(text);
        } catch (SampleException e) {
            throw new ConfigException(line.position(), "'" + what + "': " + e.getMessage());
        }
    }

    private Pattern regex(String what, String text) throws ConfigException {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(line.position(), "'" + what + "': invalid regex '" + text + "': "
                    + e.getDescription());
        }
    }

    /** A full variable name: scope, a dot, then letters, digits, '_' and '.'. */
    private String variable(String what, String name) throws ConfigException {
        if (name.contains(",")) {
            throw new ConfigException(line.position(), "'" + what + "(" + name + ")': conditions on variables ("
                    + name.substring(name.indexOf(',') + 1) + ") are not supported yet (see docs/compatibility.md)");
        }
        int dot = name.indexOf('.');
        String scope = dot < 0 ? name : name.substring(0, dot);
        if (dot < 0 || !VARIABLE_SCOPES.contains(scope)) {
            throw new ConfigException(line.position(), "'" + what + "': invalid variable name '" + name + "': it "
                    + "must start with its scope (" + String.join(", ", VARIABLE_SCOPES) + ") and a dot, e.g. "
                    + "'txn." + (dot < 0 ? name : name.substring(dot + 1)) + "'"
                    + Words.didYouMean(scope, VARIABLE_SCOPES));
        }
        String rest = name.substring(dot + 1);
        if (rest.isEmpty() || !rest.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_'
                || c == '.'))) {
            throw new ConfigException(line.position(), "'" + what + "': invalid variable name '" + name + "': after "
                    + "the scope, a name may only hold letters, digits, '_' and '.'");
        }
        return name;
    }

    private HttpAction auth(String what) throws ConfigException {
        String realm = null;
        if ("realm".equals(line.word(at))) {
            at++;
            realm = argument(what, "a realm after 'realm'");
        }
        return new HttpActions.Auth(realm);
    }

    private HttpAction delHeader(String what) throws ConfigException {
        String name = argument(what, "a header name");
        HttpActions.DelHeader.Match match = HttpActions.DelHeader.Match.STR;
        Pattern regex = null;
        if ("-m".equals(line.word(at))) {
            at++;
            String m = argument(what, "a match method after '-m' (str, beg, end, sub or reg)");
            List<String> methods = List.of("str", "beg", "end", "sub", "reg");
            if (!methods.contains(m)) {
                throw new ConfigException(line.position(), "'" + what + " -m' expects str, beg, end, sub or reg but "
                        + "got '" + m + "'" + Words.didYouMean(m, methods));
            }
            match = HttpActions.DelHeader.Match.valueOf(m.toUpperCase(Locale.ROOT));
            if (match == HttpActions.DelHeader.Match.REG) {
                // Names are compared in lower case, as HAProxy stores them: '^x-foo' matches X-Foo.
                regex = regex(what, name);
            }
        }
        if (match != HttpActions.DelHeader.Match.REG) {
            checkHeaderName(what, name);
        }
        return new HttpActions.DelHeader(name, match, regex);
    }

    private HttpAction setStatus(String what) throws ConfigException {
        String s = argument(what, "a status code between 100 and 999");
        int status;
        try {
            status = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 100 || status > 999) {
            throw new ConfigException(line.position(), "'" + what + "' expects a status code between 100 and 999 "
                    + "but got '" + s + "'");
        }
        String reason = null;
        if ("reason".equals(line.word(at))) {
            at++;
            reason = argument(what, "a text after 'reason', e.g. reason \"Not Found\"");
        }
        return new HttpActions.SetStatus(status, reason);
    }

    private HttpAction capture(String what) throws ConfigException {
        String text = argument(what, "a sample expression followed by 'len <n>' or 'id <n>'");
        String kind = argument(what, "'len <n>' or 'id <n>' after the expression");
        if (!kind.equals("len") && !kind.equals("id")) {
            throw new ConfigException(line.position(), "'" + what + "' expects 'len <n>' or 'id <n>' after the "
                    + "expression but got '" + kind + "'");
        }
        boolean response = phase != Phase.REQUEST;
        if (kind.equals("len") && response) {
            throw new ConfigException(line.position(), "'" + what + "' expects 'id <n>' (a slot declared with "
                    + "'declare capture response len <n>'), not 'len'");
        }
        java.util.List<bascule.model.LogSpec.CaptureSlot> slots = response ? p.log.responseCaptures
                : p.log.requestCaptures;
        if (kind.equals("id")) {
            int id = Words.integer(line, at, what + " id", 0, 65535);
            if (id >= slots.size()) {
                throw new ConfigException(line.position(), "'" + what + " id " + id + "': no such capture slot in "
                        + p.kind.keyword() + " '" + p.name + "'; " + (response ? "response slots come from earlier "
                        + "'declare capture response len <n>' or 'capture response header' lines"
                        : "request slots come from earlier 'http-request capture ... len <n>', 'declare capture "
                        + "request len <n>' or 'capture request header' lines"));
            }
        }
        SampleExpr expr = expression(what, text);
        if (kind.equals("len")) {
            if (!p.kind.isFrontend()) {
                throw new ConfigException(line.position(), "'" + what + " ... len' declares a capture slot of a "
                        + "frontend; " + p.kind.keyword() + " '" + p.name + "' is not one (use it in a frontend or "
                        + "listen)");
            }
            int len = Words.integer(line, at++, what + " len", 1, 65536);
            int slot = slots.size();
            slots.add(new bascule.model.LogSpec.CaptureSlot(null, len));
            return new HttpActions.Capture(expr, slot, len);
        }
        int id = Words.integer(line, at++, what + " id", 0, 65535);
        return new HttpActions.Capture(expr, id, slots.get(id).length());
    }

    private HttpActions.Redirect redirect(String what) throws ConfigException {
        HttpActions.Redirect.Type type = null;
        Format target = null;
        int code = 302;
        boolean dropQuery = false;
        boolean appendSlash = false;
        boolean ignoreEmpty = false;
        String cookie = null;
        boolean clear = false;
        while (at < line.size() && !line.word(at).equals("if") && !line.word(at).equals("unless")) {
            String o = line.word(at++);
            switch (o) {
                case "location", "prefix", "scheme" -> {
                    type = HttpActions.Redirect.Type.valueOf(o.toUpperCase(Locale.ROOT));
                    target = format(what, argument(what, "a format after '" + o + "'"));
                }
                case "code" -> {
                    String c = argument(what, "a code after 'code' (301, 302, 303, 307 or 308)");
                    if (!List.of("301", "302", "303", "307", "308").contains(c)) {
                        throw new ConfigException(line.position(), "'" + what + "': unsupported code '" + c
                                + "' (must be one of 301, 302, 303, 307 or 308)");
                    }
                    code = Integer.parseInt(c);
                }
                case "set-cookie", "clear-cookie" -> {
                    cookie = argument(what, "a cookie after '" + o + "', e.g. " + o + " SEEN"
                            + (o.equals("set-cookie") ? "=1" : ""));
                    clear = o.equals("clear-cookie");
                }
                case "drop-query" -> dropQuery = true;
                case "append-slash" -> appendSlash = true;
                case "ignore-empty" -> ignoreEmpty = true;
                default -> throw new ConfigException(line.position(), "'" + what + "' expects one of "
                        + String.join(", ", REDIRECT_OPTIONS) + " but got '" + o + "'"
                        + Words.didYouMean(o, REDIRECT_OPTIONS));
            }
        }
        if (type == null) {
            throw new ConfigException(line.position(), "'" + what + "' expects 'location <fmt>', 'prefix <fmt>' or "
                    + "'scheme <fmt>'");
        }
        return new HttpActions.Redirect(type, target, code, dropQuery, appendSlash, ignoreEmpty, cookie, clear);
    }

    /** The options of deny, tarpit ({@code deny_status} or {@code status}) and return ({@code status}). */
    private HttpReply reply(String what, boolean deny, int defaultStatus) throws ConfigException {
        int status = defaultStatus;
        String contentType = null;
        String payloadKind = null;
        String payload = null;
        List<String[]> hdrs = new ArrayList<>();
        while (at < line.size() && !line.word(at).equals("if") && !line.word(at).equals("unless")) {
            String o = line.word(at++);
            switch (o) {
                case "status", "deny_status" -> {
                    if (o.equals("deny_status") && !deny) {
                        throw new ConfigException(line.position(), "'" + what + "' expects 'status', not "
                                + "'deny_status'");
                    }
                    status = Words.integer(line, at++, what + " " + o, 200, 599);
                }
                case "content-type" -> contentType = argument(what, "a media type after 'content-type'");
                case "default-errorfiles", "errorfile", "errorfiles", "file", "lf-file", "string", "lf-string" -> {
                    if (payloadKind != null) {
                        throw new ConfigException(line.position(), "'" + what + "': '" + o + "' cannot follow '"
                                + payloadKind + "': a reply has one payload");
                    }
                    payloadKind = o;
                    if (o.equals("errorfiles")) {
                        throw new ConfigException(line.position(), "'" + what + " errorfiles' is not supported yet: "
                                + "it arrives with 'http-errors' sections (see docs/compatibility.md)");
                    }
                    if (!o.equals("default-errorfiles")) {
                        payload = argument(what, "an argument after '" + o + "'");
                    }
                }
                case "hdr" -> {
                    String name = headerName(what);
                    String value = argument(what, "a header name and a value format after 'hdr'");
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (lower.equals("content-length") || lower.equals("content-type")) {
                        throw new ConfigException(line.position(), "'" + what + " hdr " + name + "': HAProxy "
                                + "ignores this header in a reply (it sets it itself); remove it"
                                + (lower.equals("content-type") ? " or use 'content-type'" : ""));
                    }
                    hdrs.add(new String[] {name, value});
                }
                default -> throw new ConfigException(line.position(), "'" + what + "' expects one of "
                        + (deny ? "deny_status, " : "") + String.join(", ", REPLY_OPTIONS) + " but got '" + o + "'"
                        + Words.didYouMean(o, REPLY_OPTIONS));
            }
        }
        String source = payloadKind == null ? (deny ? "default-errorfiles" : null) : payloadKind;
        if (source == null) {
            if (contentType != null || !hdrs.isEmpty()) {
                throw new ConfigException(line.position(), "'" + what + "': 'content-type' and 'hdr' need a payload "
                        + "(string, lf-string, file or lf-file); HAProxy ignores them without one");
            }
            return new HttpReply(status, HttpReply.Source.EMPTY, null, null, null, List.of(), null, List.of());
        }
        if (source.equals("default-errorfiles") || source.equals("errorfile")) {
            if (contentType != null || !hdrs.isEmpty()) {
                throw new ConfigException(line.position(), "'" + what + "': 'content-type' and 'hdr' do not apply to "
                        + "an error page (HAProxy ignores them); use 'string' or 'file' to send your own body");
            }
            if (source.equals("errorfile")) {
                return ErrorFiles.read(line, what, payload);
            }
            if (!ERROR_PAGE_STATUSES.contains(status)) {
                throw new ConfigException(line.position(), "'" + what + "': there is no built-in error page for status "
                        + status + " (those are " + ERROR_PAGE_STATUSES.stream().map(String::valueOf)
                        .reduce((a, b) -> a + ", " + b).orElse("") + "); add a payload such as 'content-type "
                        + "text/plain string ...'");
            }
            return HttpReply.errorPage(status);
        }
        if (status == 204 || status == 304) {
            throw new ConfigException(line.position(), "'" + what + "': a " + status + " response has no body; "
                    + "remove '" + source + "'");
        }
        String body = source.equals("file") || source.equals("lf-file") ? ErrorFiles.text(line, what, payload,
                source) : payload;
        if (contentType == null && !body.isEmpty()) {
            throw new ConfigException(line.position(), "'" + what + "': a payload needs a 'content-type', e.g. "
                    + "'content-type text/plain'");
        }
        List<HttpReply.Header> headers = new ArrayList<>();
        for (String[] h : hdrs) {
            headers.add(new HttpReply.Header(h[0], format(what, h[1])));
        }
        boolean logFormat = source.startsWith("lf-");
        return new HttpReply(status, logFormat ? HttpReply.Source.FORMAT : HttpReply.Source.TEXT, contentType,
                logFormat ? null : body, logFormat ? format(what, body) : null, headers, null, List.of());
    }
}
