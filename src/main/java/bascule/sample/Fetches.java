package bascule.sample;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The sample fetches Bascule knows, with their argument counts and the match method ACLs use by default.
 * {@link #compile} checks a call and binds its arguments once, so that fetching never parses.
 */
final class Fetches {
    private Fetches() {
    }

    interface Factory {
        Fetch make(Call call, Function<String, String> environment) throws SampleException;
    }

    /** One fetch keyword: usage text for messages, argument bounds, default ACL match, factory. */
    record Def(String name, String usage, int minArgs, int maxArgs, MatchMethod match, Factory factory) {
    }

    private static final Map<String, Def> DEFS = build();

    static Def lookup(String name) {
        return DEFS.get(name);
    }

    static Set<String> names() {
        return Collections.unmodifiableSet(DEFS.keySet());
    }

    /** The feature that brings a known HAProxy fetch Bascule lacks, or null for an unknown name. */
    static String laterFeature(String name) {
        if (name.matches("(sc[0-9]?|src|table)_.*|sc_.*")) {
            return "stick tables";
        }
        if (name.startsWith("ssl_") || name.startsWith("req.ssl_") || name.equals("req_ssl_sni")) {
            return "TLS termination";
        }
        return null;
    }

    static Fetch compile(Call call, Function<String, String> environment) throws SampleException {
        Def def = DEFS.get(call.name());
        if (def == null) {
            String later = laterFeature(call.name());
            if (later != null) {
                throw new SampleException("fetch '" + call.name() + "' is not supported yet: it arrives with " + later);
            }
            throw new SampleException("unknown fetch '" + call.name() + "'" + Suggestions.didYouMean(call.name(), DEFS.keySet()));
        }
        checkArgs("fetch", def.name, def.usage, def.minArgs, def.maxArgs, call);
        return def.factory.make(call, environment);
    }

    static void checkArgs(String kind, String name, String usage, int min, int max, Call call) throws SampleException {
        int n = call.argCount();
        if (n < min || n > max) {
            String expected = min == max ? (min == 0 ? "no argument" : min + " argument" + (min > 1 ? "s" : ""))
                    : "between " + min + " and " + max + " arguments";
            throw new SampleException(kind + " '" + name + "' takes " + expected + " (" + usage + ") but got " + n);
        }
    }

    static long integerArg(Call call, int index, String what) throws SampleException {
        String a = call.arg(index);
        try {
            return Long.parseLong(a.trim());
        } catch (NumberFormatException e) {
            throw new SampleException("'" + call.name() + "': " + what + " must be an integer but got '" + a + "'");
        }
    }

    private static Map<String, Def> build() {
        Map<String, Def> m = new LinkedHashMap<>();
        // Layer 4 and proxy facts.
        put(m, "src", "src", 0, 0, MatchMethod.IP, (c, e) -> ctx -> address(ctx.source()));
        put(m, "dst", "dst", 0, 0, MatchMethod.IP, (c, e) -> ctx -> address(ctx.destination()));
        put(m, "src_port", "src_port", 0, 0, MatchMethod.INT, (c, e) -> ctx -> port(ctx.source()));
        put(m, "dst_port", "dst_port", 0, 0, MatchMethod.INT, (c, e) -> ctx -> port(ctx.destination()));
        put(m, "fe_name", "fe_name", 0, 0, MatchMethod.STR, (c, e) -> ctx -> str(ctx.frontendName()));
        put(m, "be_name", "be_name", 0, 0, MatchMethod.STR, (c, e) -> ctx -> str(ctx.backendName()));
        put(m, "srv_name", "srv_name", 0, 0, MatchMethod.STR, (c, e) -> ctx -> str(ctx.serverName()));
        put(m, "nbsrv", "nbsrv([<backend>])", 0, 1, MatchMethod.INT, (c, e) -> {
            String backend = c.arg(0);
            return ctx -> {
                String b = backend != null ? backend : ctx.backendName();
                int n = b == null ? -1 : ctx.usableServers(b);
                return n < 0 ? null : Sample.integer(n);
            };
        });
        put(m, "ssl_fc", "ssl_fc", 0, 0, MatchMethod.BOOL, (c, e) -> ctx -> Sample.bool(ctx.tlsFrontend()));
        put(m, "always_true", "always_true", 0, 0, MatchMethod.BOOL, (c, e) -> constant(Sample.bool(true)));
        put(m, "always_false", "always_false", 0, 0, MatchMethod.BOOL, (c, e) -> constant(Sample.bool(false)));
        put(m, "int", "int(<integer>)", 1, 1, MatchMethod.INT,
                (c, e) -> constant(Sample.integer(integerArg(c, 0, "the value"))));
        put(m, "str", "str(<string>)", 1, 1, MatchMethod.STR, (c, e) -> constant(Sample.string(c.arg(0))));
        put(m, "bool", "bool(<0|1>)", 1, 1, MatchMethod.BOOL,
                (c, e) -> constant(Sample.bool(integerArg(c, 0, "the value") != 0)));
        put(m, "env", "env(<name>)", 1, 1, MatchMethod.STR, (c, e) -> {
            String name = c.arg(0);
            return ctx -> str(e.apply(name));
        });
        put(m, "var", "var(<scope>.<name>)", 1, 1, MatchMethod.STR, (c, e) -> {
            String name = variableName(c.arg(0), "var");
            return ctx -> ctx.variables().get(name);
        });
        // The request line.
        put(m, "method", "method", 0, 0, MatchMethod.STR, (c, e) -> ctx -> {
            HttpMessageView r = ctx.request();
            return r == null ? null : str(r.method());
        });
        put(m, "url", "url", 0, 0, MatchMethod.STR, (c, e) -> uri(uri -> uri));
        put(m, "path", "path", 0, 0, MatchMethod.STR, (c, e) -> uri(HttpParts::path));
        put(m, "pathq", "pathq", 0, 0, MatchMethod.STR, (c, e) -> uri(HttpParts::pathWithQuery));
        put(m, "query", "query", 0, 0, MatchMethod.STR, (c, e) -> uri(HttpParts::query));
        put(m, "base", "base", 0, 0, MatchMethod.STR, (c, e) -> Fetches::base);
        Factory urlParam = (c, e) -> {
            String name = c.arg(0);
            String delim = c.arg(1);
            if (delim != null && delim.length() != 1) {
                throw new SampleException("'" + c.name() + "': the delimiter must be one character but got '" + delim + "'");
            }
            char start = delim == null ? '?' : delim.charAt(0);
            return uri(uri -> HttpParts.urlParam(uri, name, start));
        };
        put(m, "url_param", "url_param(<name>[,<delim>])", 1, 2, MatchMethod.STR, urlParam);
        put(m, "urlp", "urlp(<name>[,<delim>])", 1, 2, MatchMethod.STR, urlParam);
        Factory version = (c, e) -> ctx -> version(ctx.request());
        put(m, "req.ver", "req.ver", 0, 0, MatchMethod.STR, version);
        put(m, "req_ver", "req_ver", 0, 0, MatchMethod.STR, version);
        put(m, "req.proto_http", "req.proto_http", 0, 0, MatchMethod.BOOL,
                (c, e) -> ctx -> Sample.bool(ctx.request() != null));
        // Request headers and cookies.
        for (String name : List.of("hdr", "req.hdr")) {
            put(m, name, name + "([<name>[,<occ>]])", 0, 2, MatchMethod.STR, (c, e) -> header(c, false, true));
        }
        put(m, "req.fhdr", "req.fhdr(<name>[,<occ>])", 1, 2, MatchMethod.STR, (c, e) -> header(c, false, false));
        for (String name : List.of("hdr_cnt", "req.hdr_cnt")) {
            put(m, name, name + "([<name>])", 0, 1, MatchMethod.INT, (c, e) -> headerCount(c, false, true));
        }
        put(m, "req.fhdr_cnt", "req.fhdr_cnt([<name>])", 0, 1, MatchMethod.INT, (c, e) -> headerCount(c, false, false));
        for (String name : List.of("hdr_val", "req.hdr_val")) {
            put(m, name, name + "([<name>[,<occ>]])", 0, 2, MatchMethod.INT, (c, e) -> integer(header(c, false, true)));
        }
        put(m, "req.hdrs", "req.hdrs", 0, 0, MatchMethod.STR, (c, e) -> ctx -> {
            HttpMessageView r = ctx.request();
            if (r == null) {
                return null;
            }
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, String> h : r.headers()) {
                b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            return Sample.string(b.append("\r\n").toString());
        });
        for (String name : List.of("cook", "req.cook")) {
            put(m, name, name + "([<name>])", 0, 1, MatchMethod.STR, (c, e) -> cookie(c.arg(0)));
        }
        for (String name : List.of("cook_cnt", "req.cook_cnt")) {
            put(m, name, name + "([<name>])", 0, 1, MatchMethod.INT, (c, e) -> cookieCount(c.arg(0)));
        }
        for (String name : List.of("cook_val", "req.cook_val")) {
            put(m, name, name + "([<name>])", 0, 1, MatchMethod.INT, (c, e) -> integer(cookie(c.arg(0))));
        }
        // Response.
        for (String name : List.of("res.hdr", "shdr")) {
            put(m, name, name + "([<name>[,<occ>]])", 0, 2, MatchMethod.STR, (c, e) -> header(c, true, true));
        }
        put(m, "res.fhdr", "res.fhdr(<name>[,<occ>])", 1, 2, MatchMethod.STR, (c, e) -> header(c, true, false));
        for (String name : List.of("res.hdr_cnt", "shdr_cnt")) {
            put(m, name, name + "([<name>])", 0, 1, MatchMethod.INT, (c, e) -> headerCount(c, true, true));
        }
        put(m, "res.fhdr_cnt", "res.fhdr_cnt([<name>])", 0, 1, MatchMethod.INT, (c, e) -> headerCount(c, true, false));
        for (String name : List.of("res.hdr_val", "shdr_val")) {
            put(m, name, name + "([<name>[,<occ>]])", 0, 2, MatchMethod.INT, (c, e) -> integer(header(c, true, true)));
        }
        put(m, "status", "status", 0, 0, MatchMethod.INT, (c, e) -> ctx -> {
            HttpMessageView r = ctx.response();
            return r == null ? null : Sample.integer(r.status());
        });
        Factory resVersion = (c, e) -> ctx -> version(ctx.response());
        put(m, "res.ver", "res.ver", 0, 0, MatchMethod.STR, resVersion);
        put(m, "resp_ver", "resp_ver", 0, 0, MatchMethod.STR, resVersion);
        // Authentication against userlists.
        put(m, "http_auth", "http_auth(<userlist>)", 1, 1, MatchMethod.BOOL, (c, e) -> {
            String list = c.arg(0);
            return ctx -> ctx.request() == null ? null : Sample.bool(ctx.authenticatedUser(list) != null);
        });
        put(m, "http_auth_group", "http_auth_group(<userlist>)", 1, 1, MatchMethod.GROUP, (c, e) -> {
            String list = c.arg(0);
            return ctx -> ctx.request() == null ? null : str(ctx.authenticatedUser(list));
        });
        return m;
    }

    private static void put(Map<String, Def> m, String name, String usage, int min, int max, MatchMethod match,
                            Factory factory) {
        m.put(name, new Def(name, usage, min, max, match, factory));
    }

    static String variableName(String name, String keyword) throws SampleException {
        int dot = name.indexOf('.');
        String scope = dot < 0 ? "" : name.substring(0, dot);
        if (!Set.of("proc", "sess", "txn", "req", "res", "check").contains(scope) || dot == name.length() - 1) {
            throw new SampleException("'" + keyword + "': invalid variable name '" + name
                    + "' (expected <scope>.<name> with scope proc, sess, txn, req or res)");
        }
        return name;
    }

    private static Fetch constant(Sample s) {
        return ctx -> s;
    }

    private static Sample str(String s) {
        return s == null ? null : Sample.string(s);
    }

    private static Sample address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? null : Sample.ip(a.getAddress().getAddress());
    }

    private static Sample port(InetSocketAddress a) {
        return a == null ? null : Sample.integer(a.getPort());
    }

    private static Sample version(HttpMessageView m) {
        if (m == null || m.version() == null) {
            return null;
        }
        String v = m.version();
        return Sample.string(v.startsWith("HTTP/") ? v.substring(5) : v);
    }

    private static Fetch uri(Function<String, String> part) {
        return ctx -> {
            HttpMessageView r = ctx.request();
            return r == null || r.uri() == null ? null : str(part.apply(r.uri()));
        };
    }

    private static Sample base(SampleContext ctx) {
        HttpMessageView r = ctx.request();
        if (r == null || r.uri() == null) {
            return null;
        }
        String path = HttpParts.path(r.uri());
        List<String> hosts = r.headerValues("host");
        String host = hosts.isEmpty() ? "" : hosts.get(0).trim();
        if (host.isEmpty()) {
            return str(path);
        }
        return Sample.string(path == null ? host : host + path);
    }

    private static List<String> lines(HttpMessageView m, String name) {
        if (name != null) {
            return m.headerValues(name);
        }
        List<String> all = new ArrayList<>();
        for (Map.Entry<String, String> h : m.headers()) {
            all.add(h.getValue());
        }
        return all;
    }

    private static HttpMessageView side(SampleContext ctx, boolean response) {
        return response ? ctx.response() : ctx.request();
    }

    /** hdr/fhdr: one occurrence for expressions (default the last), every one for ACLs unless occ is given. */
    private static Fetch header(Call c, boolean response, boolean split) throws SampleException {
        String name = c.arg(0);
        boolean hasOcc = c.argCount() > 1;
        int occ = hasOcc ? (int) integerArg(c, 1, "the occurrence") : 0;
        return new Fetch() {
            @Override
            public Sample fetch(SampleContext ctx) {
                HttpMessageView m = side(ctx, response);
                return m == null ? null : str(HttpParts.valueAt(lines(m, name), occ, split));
            }

            @Override
            public boolean anyMatch(SampleContext ctx, java.util.function.Predicate<Sample> test) {
                if (hasOcc) {
                    Sample s = fetch(ctx);
                    return s != null && test.test(s);
                }
                HttpMessageView m = side(ctx, response);
                if (m == null) {
                    return false;
                }
                List<String> lines = lines(m, name);
                if (split) {
                    return HttpParts.forEachValue(lines, v -> test.test(Sample.string(v)));
                }
                for (String line : lines) {
                    if (test.test(Sample.string(line))) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    private static Fetch headerCount(Call c, boolean response, boolean split) {
        String name = c.arg(0);
        return ctx -> {
            HttpMessageView m = side(ctx, response);
            if (m == null) {
                return null;
            }
            List<String> lines = lines(m, name);
            return Sample.integer(split ? HttpParts.countValues(lines) : lines.size());
        };
    }

    /** A fetch whose string values are read as integers (hdr_val, cook_val); non-numbers give no sample. */
    private static Fetch integer(Fetch strings) {
        return new Fetch() {
            @Override
            public Sample fetch(SampleContext ctx) {
                Sample s = strings.fetch(ctx);
                return s == null ? null : Casts.toInteger(s);
            }

            @Override
            public boolean anyMatch(SampleContext ctx, java.util.function.Predicate<Sample> test) {
                return strings.anyMatch(ctx, s -> {
                    Sample n = Casts.toInteger(s);
                    return n != null && test.test(n);
                });
            }
        };
    }

    /** cook(name): the last occurrence for expressions (as HAProxy 2.6 does), every one for ACLs. */
    private static Fetch cookie(String name) {
        return new Fetch() {
            @Override
            public Sample fetch(SampleContext ctx) {
                HttpMessageView r = ctx.request();
                if (r == null) {
                    return null;
                }
                String[] last = new String[1];
                HttpParts.forEachCookie(r.headerValues("cookie"), name, v -> {
                    last[0] = v;
                    return false;
                });
                return str(last[0]);
            }

            @Override
            public boolean anyMatch(SampleContext ctx, java.util.function.Predicate<Sample> test) {
                HttpMessageView r = ctx.request();
                return r != null && HttpParts.forEachCookie(r.headerValues("cookie"), name,
                        v -> test.test(Sample.string(v)));
            }
        };
    }

    private static Fetch cookieCount(String name) {
        return ctx -> {
            HttpMessageView r = ctx.request();
            if (r == null) {
                return null;
            }
            int[] n = {0};
            HttpParts.forEachCookie(r.headerValues("cookie"), name, v -> {
                n[0]++;
                return false;
            });
            return Sample.integer(n[0]);
        };
    }
}
