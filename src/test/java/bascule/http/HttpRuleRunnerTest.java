package bascule.http;

import static bascule.http.TestRuleContext.literal;
import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.HttpAction;
import bascule.model.HttpActions;
import bascule.model.HttpActions.DelHeader.Match;
import bascule.model.HttpActions.Redirect.Type;
import bascule.model.HttpActions.SetRequestPart.Part;
import bascule.model.HttpReply;
import bascule.model.HttpRule;
import bascule.model.Position;
import bascule.sample.Condition;
import bascule.sample.Sample;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rules run on Netty objects: order, conditions, replies (checked byte for byte), and header/URI edits. */
class HttpRuleRunnerTest {
    private final TestRuleContext ctx = new TestRuleContext();
    private final List<FullHttpRequest> requests = new ArrayList<>();

    @AfterEach
    void releaseRequests() {
        requests.forEach(r -> assertThat(r.release()).isTrue());
    }

    private FullHttpRequest get(String uri, String... headers) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        requests.add(r);
        return r;
    }

    private static List<String> fields(FullHttpRequest req) {
        return req.headers().entries().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    private static HttpRule rule(HttpAction a) {
        return new HttpRule(a, Condition.ALWAYS, Position.NONE);
    }

    private static HttpRule rule(HttpAction a, boolean condition) {
        return new HttpRule(a, c -> condition, Position.NONE);
    }

    private String replyOf(RuleOutcome o) {
        assertThat(o.isReply()).isTrue();
        assertThat(o.reply().refCnt()).isEqualTo(1);
        return Wire.bytes(o.reply());
    }

    private static HttpActions.Redirect redirect(Type type, String target, int code, boolean drop, boolean slash) {
        return new HttpActions.Redirect(type, literal(target), code, drop, slash, false, null, false);
    }

    @Test
    void redirectLocationIsA302WithNoCache() {
        String bytes = replyOf(HttpRuleRunner.request(List.of(rule(redirect(Type.LOCATION, "/loc", 302, false,
                false))), get("/r1", "Host", "example.com"), ctx));
        assertThat(bytes).isEqualTo("HTTP/1.1 302 Found\r\ncontent-length: 0\r\nlocation: /loc\r\n"
                + "cache-control: no-cache\r\n\r\n");
    }

    @Test
    void permanentRedirectsHaveNoCacheControlAndCookiesFollow() {
        HttpActions.Redirect r = new HttpActions.Redirect(Type.LOCATION, literal("/loc"), 301, false, false, false,
                "FOO=bar", false);
        assertThat(replyOf(HttpRuleRunner.request(List.of(rule(r)), get("/"), ctx))).isEqualTo(
                "HTTP/1.1 301 Moved Permanently\r\ncontent-length: 0\r\nlocation: /loc\r\n"
                        + "set-cookie: FOO=bar; path=/;\r\n\r\n");
        HttpActions.Redirect clear = new HttpActions.Redirect(Type.LOCATION, literal("/loc"), 303, false, false,
                false, "FOO", true);
        assertThat(replyOf(HttpRuleRunner.request(List.of(rule(clear)), get("/"), ctx))).isEqualTo(
                "HTTP/1.1 303 See Other\r\ncontent-length: 0\r\nlocation: /loc\r\ncache-control: no-cache\r\n"
                        + "set-cookie: FOO; path=/; Max-Age=0;\r\n\r\n");
    }

    private String location(HttpActions.Redirect r, FullHttpRequest req) {
        RuleOutcome o = HttpRuleRunner.request(List.of(rule(r)), req, ctx);
        String loc = o.reply().headers().get("location");
        o.reply().release();
        return loc;
    }

    @Test
    void prefixAndSchemeRedirectsKeepPathAndQueryUnlessDropped() {
        assertThat(location(redirect(Type.PREFIX, "/pre", 302, true, false), get("/r3/a?b=c"))).isEqualTo("/pre/r3/a");
        assertThat(location(redirect(Type.PREFIX, "/pre", 302, false, true), get("/r4/a"))).isEqualTo("/pre/r4/a/");
        assertThat(location(redirect(Type.PREFIX, "/pre", 302, false, true), get("/r4/a/"))).isEqualTo("/pre/r4/a/");
        // HAProxy appends the slash after the query when the query is kept.
        assertThat(location(redirect(Type.PREFIX, "/pre", 302, false, true), get("/r4/a?x=1")))
                .isEqualTo("/pre/r4/a?x=1/");
        assertThat(location(redirect(Type.PREFIX, "/", 302, false, false), get("/r9/a?b"))).isEqualTo("/r9/a?b");
        assertThat(location(redirect(Type.SCHEME, "https", 302, false, false), get("/r2/x?q=1", "HOST",
                "example.com"))).isEqualTo("https://example.com/r2/x?q=1");
        assertThat(location(redirect(Type.SCHEME, "https", 302, true, true), get("/r11/a?q", "Host",
                "example.com"))).isEqualTo("https://example.com/r11/a/");
        assertThat(location(redirect(Type.SCHEME, "https", 302, false, false), get("/r2/x"))).isEqualTo(
                "https:///r2/x");
    }

    @Test
    void ignoreEmptySkipsTheRule() {
        HttpActions.Redirect r = new HttpActions.Redirect(Type.LOCATION, literal(""), 302, false, false, true, null,
                false);
        assertThat(HttpRuleRunner.request(List.of(rule(r)), get("/"), ctx)).isEqualTo(RuleOutcome.CONTINUE);
    }

    @Test
    void returnPutsHdrFirstThenLengthThenType() {
        HttpReply reply = new HttpReply(200, HttpReply.Source.TEXT, "text/plain", "hello", null,
                List.of(new HttpReply.Header("X-A", literal("b"))), null, List.of());
        assertThat(replyOf(HttpRuleRunner.request(List.of(rule(new HttpActions.Return(reply))), get("/"), ctx)))
                .isEqualTo("HTTP/1.1 200 OK\r\nX-A: b\r\ncontent-length: 5\r\ncontent-type: text/plain\r\n\r\nhello");
        HttpReply empty = new HttpReply(302, HttpReply.Source.EMPTY, null, null, null, List.of(), null, List.of());
        assertThat(replyOf(HttpRuleRunner.request(List.of(rule(new HttpActions.Return(empty))), get("/"), ctx)))
                .isEqualTo("HTTP/1.1 302 Moved Temporarily\r\ncontent-length: 0\r\n\r\n");
    }

    @Test
    void denyUsesTheErrorPageAndTarpitSaysSo() {
        RuleOutcome o = HttpRuleRunner.request(List.of(rule(new HttpActions.Tarpit(HttpReply.errorPage(500)))),
                get("/"), ctx);
        assertThat(o.tarpit()).isTrue();
        assertThat(o.closeAfter()).isFalse();
        assertThat(replyOf(o)).startsWith("HTTP/1.1 500 Internal Server Error\r\n");
        RuleOutcome d = HttpRuleRunner.request(List.of(rule(new HttpActions.Deny(HttpReply.errorPage(403)))),
                get("/"), ctx);
        assertThat(d.tarpit()).isFalse();
        assertThat(replyOf(d)).startsWith("HTTP/1.1 403 Forbidden\r\ncontent-length: 93\r\n");
    }

    @Test
    void errorfileWithoutLengthClosesTheConnection() {
        HttpReply f = new HttpReply(403, HttpReply.Source.ERRORFILE, null, "errfile body\n", null, List.of(),
                "Forbidden", List.of(new HttpReply.FileHeader("Content-Type", "text/plain")));
        RuleOutcome o = HttpRuleRunner.request(List.of(rule(new HttpActions.Deny(f))), get("/"), ctx);
        assertThat(o.closeAfter()).isTrue();
        assertThat(replyOf(o)).isEqualTo("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nconnection: close"
                + "\r\n\r\nerrfile body\n");
    }

    @Test
    void authChallengesWithTheProxyNameByDefault() {
        String bytes = replyOf(HttpRuleRunner.request(List.of(rule(new HttpActions.Auth(null))), get("/"), ctx));
        assertThat(bytes).contains("\r\nwww-authenticate: Basic realm=\"fe\"\r\n\r\n").startsWith(
                "HTTP/1.1 401 Unauthorized\r\n");
        String named = replyOf(HttpRuleRunner.request(List.of(rule(new HttpActions.Auth("My Realm"))), get("/"), ctx));
        assertThat(named).contains("www-authenticate: Basic realm=\"My Realm\"");
    }

    @Test
    void rulesRunInOrderSkipFalseConditionsAndStopAtAllow() {
        FullHttpRequest req = get("/");
        RuleOutcome o = HttpRuleRunner.request(List.of(
                rule(new HttpActions.SetHeader("X-1", literal("a"), true)),
                rule(new HttpActions.SetHeader("X-2", literal("b"), true), false),
                rule(new HttpActions.Allow()),
                rule(new HttpActions.Deny(HttpReply.errorPage(403)))), req, ctx);
        assertThat(o).isEqualTo(RuleOutcome.CONTINUE);
        assertThat(req.headers().names()).containsExactly("X-1");
    }

    @Test
    void setHeaderReplacesAllAtTheEndAndKeepsOtherNamesCase() {
        FullHttpRequest req = get("/", "X-SET", "old", "A", "1", "x-set", "old2", "X-ADD", "one");
        HttpRuleRunner.request(List.of(rule(new HttpActions.SetHeader("x-Set", literal("new"), false)),
                rule(new HttpActions.SetHeader("x-Add", literal("two"), true)),
                rule(new HttpActions.DelHeader("x-del", Match.STR, null))), req, ctx);
        assertThat(fields(req)).containsExactly("A: 1", "X-ADD: one", "x-Set: new", "x-Add: two");
    }

    @Test
    void delHeaderMatchMethods() {
        FullHttpRequest req = get("/", "X-Del-Str", "1", "x-del-strx", "2", "X-Dabc", "3", "foo-END", "4",
                "X-RAX", "5", "hasMIDdle", "6", "Keep-Me", "7");
        HttpRuleRunner.request(List.of(rule(new HttpActions.DelHeader("x-del-str", Match.STR, null)),
                rule(new HttpActions.DelHeader("-end", Match.END, null)),
                rule(new HttpActions.DelHeader("^x-r.*x$", Match.REG, Pattern.compile("^x-r.*x$"))),
                rule(new HttpActions.DelHeader("MID", Match.SUB, null))), req, ctx);
        assertThat(req.headers().names()).containsExactlyInAnyOrder("x-del-strx", "X-Dabc", "Keep-Me");
        HttpRuleRunner.request(List.of(rule(new HttpActions.DelHeader("x-d", Match.BEG, null))), req, ctx);
        assertThat(req.headers().names()).containsExactly("Keep-Me");
    }

    @Test
    void replaceHeaderWorksOnLinesAndReplaceValueOnCommaSeparatedValues() {
        FullHttpRequest req = get("/", "X-T", "abcd", "x-v", "k=v ,  nomatch here ,k2=v2", "Other", "z");
        HttpRuleRunner.request(List.of(
                rule(new HttpActions.ReplaceHeader("x-t", Pattern.compile("b(.)"), literal("Z\\1"), false)),
                rule(new HttpActions.ReplaceHeader("X-V", Pattern.compile("^(\\w+)=(.*)$"), literal("\\2:\\1"),
                        true))), req, ctx);
        assertThat(fields(req)).containsExactly("X-T: Zc", "x-v: v:k,  nomatch here ,v2:k2", "Other: z");
    }

    private String uriAfter(Part part, String value, String uri) {
        FullHttpRequest req = get(uri);
        HttpRuleRunner.request(List.of(rule(new HttpActions.SetRequestPart(part, literal(value)))), req, ctx);
        return part == Part.METHOD ? req.method().name() : req.uri();
    }

    @Test
    void uriRewritesAsHaproxy() {
        assertThat(uriAfter(Part.PATH, "/np", "/p8?q=1")).isEqualTo("/np?q=1");
        assertThat(uriAfter(Part.PATH, "/np", "http://h.example/p8?q")).isEqualTo("http://h.example/np?q");
        assertThat(uriAfter(Part.QUERY, "a=b", "/p2/a?q=1")).isEqualTo("/p2/a?a=b");
        assertThat(uriAfter(Part.QUERY, "", "/p3/a?q=1")).isEqualTo("/p3/a?");
        assertThat(uriAfter(Part.QUERY, "", "/p3/a")).isEqualTo("/p3/a");
        assertThat(uriAfter(Part.QUERY, "x", "/p3/a")).isEqualTo("/p3/a?x");
        assertThat(uriAfter(Part.URI, "/u?x=1", "/p4/a?q")).isEqualTo("/u?x=1");
        assertThat(uriAfter(Part.PATHQ, "/pq", "/p5/a?q")).isEqualTo("/pq");
        assertThat(uriAfter(Part.METHOD, "POST", "/")).isEqualTo("POST");
    }

    @Test
    void responseRulesSetStatusWithHaproxyReasons() {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpRuleRunner.response(List.of(rule(new HttpActions.SetStatus(299, null))), res, ctx);
        assertThat(res.status().reasonPhrase()).isEqualTo("Success");
        HttpRuleRunner.response(List.of(rule(new HttpActions.SetStatus(200, "Fine Thing"))), res, ctx);
        assertThat(res.status().toString()).isEqualTo("200 Fine Thing");
        RuleOutcome deny = HttpRuleRunner.response(List.of(rule(new HttpActions.Deny(HttpReply.errorPage(502)))),
                res, ctx);
        assertThat(replyOf(deny)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
    }

    @Test
    void variablesSourceLogLevelAndCaptures() {
        bascule.sample.SampleExpr ip = c -> Sample.ip(new byte[] {(byte) 192, (byte) 168, 0, 9});
        bascule.sample.SampleExpr text = c -> Sample.string("abcdefgh");
        HttpRuleRunner.request(List.of(rule(new HttpActions.SetVar("txn.a", text)),
                rule(new HttpActions.SetVarFormat("txn.b", literal("x"))),
                rule(new HttpActions.SetVar("txn.c", text)), rule(new HttpActions.UnsetVar("txn.c")),
                rule(new HttpActions.SetSource(ip)), rule(new HttpActions.SetLogLevel("silent")),
                rule(new HttpActions.Capture(text, 0, 3))), get("/"), ctx);
        assertThat(ctx.variables.get("txn.a")).isEqualTo(Sample.string("abcdefgh"));
        assertThat(ctx.variables.get("txn.b")).isEqualTo(Sample.string("x"));
        assertThat(ctx.variables.get("txn.c")).isNull();
        assertThat(ctx.source.getAddress().getHostAddress()).isEqualTo("192.168.0.9");
        assertThat(ctx.source.getPort()).isEqualTo(5555);
        assertThat(ctx.logLevel).isEqualTo("silent");
        assertThat(ctx.captures).containsExactly("req0=abc");
    }

    @Test
    void reasonPhrasesMatchHaproxy2612ForEveryStatus() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("haproxy-2.6.12-reasons.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(800);
            for (String line : lines) {
                String[] f = line.split("\t");
                assertThat(HttpReasons.of(Integer.parseInt(f[0]))).as(f[0]).isEqualTo(f[1]);
            }
        }
    }
}
