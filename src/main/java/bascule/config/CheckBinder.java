package bascule.config;

import bascule.model.CheckKind;
import bascule.model.CheckRule;
import bascule.model.CommentRule;
import bascule.model.ConnectRule;
import bascule.model.ExpectRule;
import bascule.model.HealthCheckSpec;
import bascule.model.HttpExpectRule;
import bascule.model.HttpSendRule;
import bascule.model.Position;
import bascule.model.SendRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The health-check probe of a backend: {@code option tcp-check}, {@code tcp-check ...},
 * {@code option httpchk}, {@code http-check ...}, {@code option mysql-check|pgsql-check|redis-check|smtpchk}.
 *
 * <p>As in HAProxy, the last check option of a section wins, a section's own {@code tcp-check} or
 * {@code http-check} lines replace (not extend) those of its {@code defaults}, and {@link #build} completes a
 * script the way HAProxy does after parsing: a leading connect when the script has none, the request of
 * {@code option httpchk} merged with the first {@code http-check send}, an implicit "status 200-399"
 * expectation after a final request, and each {@code comment} handed to the steps after it.
 */
final class CheckBinder {
    private CheckBinder() {
    }

    /** {@code option <name> [args]} for a check option; {@code at} is the index of the option name. */
    static void option(ConfigLine line, int at, ProxyBuilder p, boolean on) throws ConfigException {
        String name = line.word(at);
        String what = "option " + name;
        if (!on) {
            throw new ConfigException(line.position(), "negation is not supported for '" + what + "' (HAProxy "
                    + "refuses it too); set another check option, or leave the section without one for the plain "
                    + "connect check");
        }
        Position pos = line.position();
        switch (name) {
            case "tcp-check" -> {
                Words.noMoreThan(line, at + 1);
                p.healthCheck = HealthCheckSpec.script(CheckKind.TCP_CHECK, List.of(), pos);
            }
            case "httpchk" -> {
                if (line.size() > at + 4) {
                    throw new ConfigException(pos, "'" + what + "' takes at most three arguments ([<method>] <uri> "
                            + "[<version>]) but got '" + line.word(at + 4) + "'");
                }
                p.httpchkRequest = CheckRuleBinder.optionRequest(line, at + 1);
                p.healthCheck = HealthCheckSpec.script(CheckKind.HTTP, List.of(), pos);
            }
            case "redis-check" -> {
                Words.noMoreThan(line, at + 1);
                p.healthCheck = HealthCheckSpec.protocol(CheckKind.REDIS, null, false, null, pos);
            }
            case "pgsql-check" -> {
                if (!"user".equals(line.word(at + 1)) || line.word(at + 2) == null || line.word(at + 2).isEmpty()) {
                    throw new ConfigException(pos, "'" + what + "' expects 'user <username>' as argument"
                            + (line.word(at + 1) != null && !line.word(at + 1).equals("user")
                                    ? " but got '" + line.word(at + 1) + "'" : ""));
                }
                Words.noMoreThan(line, at + 3);
                p.healthCheck = HealthCheckSpec.protocol(CheckKind.PGSQL, line.word(at + 2), false, null, pos);
            }
            case "mysql-check" -> p.healthCheck = mysql(line, at);
            case "smtpchk" -> p.healthCheck = smtp(line, at);
            default -> throw new IllegalArgumentException(name);
        }
    }

    private static HealthCheckSpec mysql(ConfigLine line, int at) throws ConfigException {
        String what = "option mysql-check";
        String user = null;
        boolean pre41 = false;
        if (line.size() > at + 1) {
            if (!line.word(at + 1).equals("user")) {
                throw new ConfigException(line.position(), "'" + what + "' only supports the optional 'user "
                        + "<username> [post-41|pre-41]' but got '" + line.word(at + 1) + "'");
            }
            user = line.word(at + 2);
            if (user == null || user.isEmpty()) {
                throw new ConfigException(line.position(), "'" + what + " user' expects <username> as argument");
            }
            String version = line.word(at + 3);
            if (version != null) {
                switch (version) {
                    case "post-41" -> pre41 = false;
                    case "pre-41" -> pre41 = true;
                    default -> throw new ConfigException(line.position(), "'" + what + " user " + user
                            + "' only supports 'post-41' and 'pre-41' but got '" + version + "'");
                }
            }
            Words.noMoreThan(line, at + 4);
        }
        return HealthCheckSpec.protocol(CheckKind.MYSQL, user, pre41, null, line.position());
    }

    /** HAProxy greets with "HELO localhost" by default; an argument that is not EHLO/HELO + domain is an error. */
    private static HealthCheckSpec smtp(ConfigLine line, int at) throws ConfigException {
        String what = "option smtpchk";
        String hello = "HELO localhost";
        if (line.size() > at + 1) {
            String verb = line.word(at + 1);
            String domain = line.word(at + 2);
            if (!verb.equals("EHLO") && !verb.equals("HELO") || domain == null || domain.isEmpty()) {
                throw new ConfigException(line.position(), "'" + what + "' expects 'EHLO <domain>' or 'HELO "
                        + "<domain>' (or nothing, for 'HELO localhost') but got '"
                        + String.join(" ", line.words().subList(at + 1, line.size())) + "'");
            }
            if (domain.chars().anyMatch(c -> c <= ' ')) {
                throw new ConfigException(line.position(), "'" + what + "': the domain '" + domain
                        + "' may not contain spaces or control characters");
            }
            Words.noMoreThan(line, at + 3);
            hello = verb + " " + domain;
        }
        return HealthCheckSpec.protocol(CheckKind.SMTP, null, false, hello, line.position());
    }

    /** A {@code tcp-check ...} or {@code http-check ...} line. */
    static void rule(ConfigLine line, ProxyBuilder p) throws ConfigException {
        boolean http = line.keyword().equals("http-check");
        if (http && "disable-on-404".equals(line.word(1))) {
            // a proxy option, not a script step: it leaves the section's http-check rules as they are
            Words.noMoreThan(line, 2);
            p.disableOn404 = line.position();
            p.disableOn404Inherited = false;
            return;
        }
        CheckRule rule = http ? CheckRuleBinder.http(line) : CheckRuleBinder.tcp(line);
        List<CheckRule> rules = http ? p.httpCheckRules : p.checkRules;
        if (http ? p.httpCheckRulesInherited : p.checkRulesInherited) {
            rules.clear();
            if (http) {
                p.httpCheckRulesInherited = false;
            } else {
                p.checkRulesInherited = false;
            }
        }
        if (rule instanceof ConnectRule && rules.stream().noneMatch(r -> r instanceof ConnectRule)
                && rules.stream().anyMatch(r -> !(r instanceof CommentRule))) {
            throw new ConfigException(line.position(), "'" + line.keyword() + " connect': the first step must be a "
                    + "'connect' (optionally after a 'comment') when the script has a 'connect' step; move this line "
                    + "above the first 'send' or 'expect'");
        }
        rules.add(rule);
    }

    /** The backend's probe once all its lines were bound (its rules may come from defaults too). */
    static HealthCheckSpec build(ProxyBuilder p) throws ConfigException {
        if (!p.kind.isBackend()) {
            return HealthCheckSpec.CONNECT; // a frontend runs no checks
        }
        HealthCheckSpec spec = p.healthCheck;
        unused(p, p.checkRules, p.checkRulesInherited, spec.kind() != CheckKind.TCP_CHECK, "tcp-check",
                "option tcp-check");
        unused(p, p.httpCheckRules, p.httpCheckRulesInherited, spec.kind() != CheckKind.HTTP, "http-check",
                "option httpchk");
        if (p.disableOn404 != null && !p.disableOn404Inherited && spec.kind() != CheckKind.HTTP) {
            // HAProxy ignores it there (with a warning for the other check options)
            throw new ConfigException(p.disableOn404, "'http-check disable-on-404' has no effect in "
                    + p.kind.keyword() + " '" + p.name + "' without 'option httpchk' (only an HTTP check gets a "
                    + "404 answer); add 'option httpchk' or remove it");
        }
        return switch (spec.kind()) {
            case TCP_CHECK -> HealthCheckSpec.script(CheckKind.TCP_CHECK, complete(new ArrayList<>(p.checkRules),
                    spec.position()), spec.position());
            case HTTP -> {
                HealthCheckSpec http = HealthCheckSpec.script(CheckKind.HTTP, http(p, spec.position()), spec.position());
                yield p.disableOn404 != null ? http.withDisableOn404() : http;
            }
            default -> spec;
        };
    }

    /** HAProxy only warns that such rules are ignored; Bascule refuses configuration that does nothing. */
    private static void unused(ProxyBuilder p, List<CheckRule> rules, boolean inherited, boolean unused,
                               String keyword, String option) throws ConfigException {
        if (unused && !inherited && !rules.isEmpty()) {
            throw new ConfigException(rules.get(0).position(), "'" + keyword + "' rules have no effect in "
                    + p.kind.keyword() + " '" + p.name + "' without '" + option + "'; add '" + option
                    + "' or remove them");
        }
    }

    /** The HTTP script: the option's request merged in, request/response order checked, then completed. */
    private static List<CheckRule> http(ProxyBuilder p, Position optionPosition) throws ConfigException {
        List<CheckRule> rules = new ArrayList<>(p.httpCheckRules);
        HttpSendRule option = p.httpchkRequest != null ? p.httpchkRequest
                : new HttpSendRule(null, null, null, List.of(), null, true, null, optionPosition);
        int send = -1;
        for (int i = 0; i < rules.size() && send < 0; i++) {
            if (rules.get(i) instanceof HttpSendRule) {
                send = i;
            }
        }
        if (send >= 0) {
            HttpSendRule explicit = (HttpSendRule) rules.get(send);
            rules.set(send, before(option.position(), explicit.position()) ? option.overriddenBy(explicit)
                    : explicit.overriddenBy(option));
        } else {
            int first = firstStep(rules);
            rules.add(first >= 0 && rules.get(first) instanceof ConnectRule ? first + 1 : 0, option);
        }
        CheckRule last = null;
        for (CheckRule r : rules) {
            if (r instanceof CommentRule) {
                continue;
            }
            if (last != null) {
                if (r instanceof HttpSendRule && !(last instanceof ConnectRule)) {
                    throw new ConfigException(r.position(), "'http-check send' needs an 'http-check connect' "
                            + "before it: the previous request was already sent on the current connection");
                }
                if (r instanceof HttpExpectRule && !(last instanceof HttpSendRule || last instanceof HttpExpectRule)) {
                    throw new ConfigException(r.position(), "'http-check expect' needs an 'http-check send' before "
                            + "it, after the 'http-check connect'");
                }
                if (r instanceof ConnectRule && !(last instanceof HttpExpectRule)) {
                    throw new ConfigException(r.position(), "'http-check connect' needs an 'http-check expect' "
                            + "before it, for the response to the previous request");
                }
            }
            last = r;
        }
        if (last instanceof HttpSendRule) {
            rules.add(HttpExpectRule.implicitAt(last.position()));
        }
        return complete(rules, optionPosition);
    }

    /** True if the line at {@code a} comes before the one at {@code b} (defaults' lines come first). */
    private static boolean before(Position a, Position b) {
        return !a.file().equals(b.file()) || a.line() < b.line();
    }

    private static int firstStep(List<CheckRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof CommentRule)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds the implicit leading connect and hands each comment to the steps after it: all steps of the same
     * kind that directly follow it (a connect takes it alone), unless they have their own.
     */
    static List<CheckRule> complete(List<CheckRule> rules, Position optionPosition) {
        int first = firstStep(rules);
        if (first < 0 || !(rules.get(first) instanceof ConnectRule)) {
            rules.add(0, ConnectRule.implicitAt(optionPosition));
        }
        List<CheckRule> out = new ArrayList<>(rules.size());
        String pending = null;
        Class<?> previous = CommentRule.class;
        for (CheckRule r : rules) {
            Class<?> kind = kindOf(r);
            if (kind != previous && previous != CommentRule.class) {
                pending = null;
            }
            previous = kind;
            CheckRule withComment = r;
            if (r instanceof CommentRule c) {
                pending = c.comment();
            } else if (r.comment() == null && pending != null) {
                withComment = switch (r) {
                    case ConnectRule c -> c.withComment(pending);
                    case SendRule s -> s.withComment(pending);
                    case ExpectRule e -> e.withComment(pending);
                    case HttpSendRule s -> s.withComment(pending);
                    case HttpExpectRule e -> e.withComment(pending);
                    case CommentRule c -> c;
                };
            }
            if (r instanceof ConnectRule) {
                pending = null;
            }
            out.add(withComment);
        }
        return out;
    }

    private static Class<?> kindOf(CheckRule r) {
        return switch (r) {
            case SendRule s -> HttpSendRule.class;
            case ExpectRule e -> HttpExpectRule.class;
            default -> r.getClass();
        };
    }
}
