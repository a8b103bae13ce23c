package bascule.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fetches, with expected values observed on HAProxy 2.6.12 for the same requests. */
class SampleExpressionTest {
    private final SampleCompiler compiler = new SampleCompiler(Path.of("."), Map.of("HOME", "/home/x")::get);

    private String eval(String expr, SampleContext ctx) throws SampleException {
        return compiler.expression(expr).evaluateString(ctx);
    }

    private TestContext twoHeaders() {
        return new TestContext(TestMessage.request("GET", "/a/b?y=2&x=1;z=3")
                .header("X", "a, b").header("x", "c")
                .header("Cookie", "a=1; b=2").header("Cookie", "a=3")
                .header("Host", "127.0.0.1:18999"));
    }

    @Test
    void hdrSplitsOnCommasAndTakesTheLastOccurrenceByDefault() throws Exception {
        TestContext ctx = twoHeaders();
        assertThat(eval("hdr(x)", ctx)).isEqualTo("c");
        assertThat(eval("hdr(x,1)", ctx)).isEqualTo("a");
        assertThat(eval("hdr(x,2)", ctx)).isEqualTo("b");
        assertThat(eval("hdr(x,-2)", ctx)).isEqualTo("b");
        assertThat(eval("hdr(x,4)", ctx)).isNull();
        assertThat(eval("req.fhdr(x)", ctx)).isEqualTo("c");
        assertThat(eval("req.fhdr(x,1)", ctx)).isEqualTo("a, b");
        assertThat(eval("hdr_cnt(x)", ctx)).isEqualTo("3");
        assertThat(eval("req.fhdr_cnt(x)", ctx)).isEqualTo("2");
        assertThat(eval("hdr(missing)", ctx)).isNull();
    }

    @Test
    void commasInsideQuotesDoNotSplit() throws Exception {
        TestContext ctx = new TestContext(TestMessage.request("GET", "/").header("X", "\"q,r\", s"));
        assertThat(eval("hdr(x,1)", ctx)).isEqualTo("\"q,r\"");
        assertThat(eval("hdr(x)", ctx)).isEqualTo("s");
        assertThat(eval("hdr_cnt(x)", ctx)).isEqualTo("2");
    }

    @Test
    void requestLineParts() throws Exception {
        TestContext ctx = twoHeaders();
        assertThat(eval("path", ctx)).isEqualTo("/a/b");
        assertThat(eval("pathq", ctx)).isEqualTo("/a/b?y=2&x=1;z=3");
        assertThat(eval("query", ctx)).isEqualTo("y=2&x=1;z=3");
        assertThat(eval("url", ctx)).isEqualTo("/a/b?y=2&x=1;z=3");
        assertThat(eval("base", ctx)).isEqualTo("127.0.0.1:18999/a/b");
        assertThat(eval("method", ctx)).isEqualTo("GET");
        assertThat(eval("req.ver", ctx)).isEqualTo("1.1");
        assertThat(eval("req_ver", ctx)).isEqualTo("1.1");
    }

    @Test
    void absoluteUriAndStar() throws Exception {
        TestContext abs = new TestContext(TestMessage.request("GET", "http://h.com/p/q?y=1&y=2").header("Host", "h.com"));
        assertThat(eval("path", abs)).isEqualTo("/p/q");
        assertThat(eval("pathq", abs)).isEqualTo("/p/q?y=1&y=2");
        assertThat(eval("base", abs)).isEqualTo("h.com/p/q");
        assertThat(eval("url_param(y)", abs)).isEqualTo("1");
        TestContext star = new TestContext(TestMessage.request("OPTIONS", "*").header("Host", "h"));
        assertThat(eval("path", star)).isNull();
        assertThat(eval("base", star)).isEqualTo("h");
        TestContext noHost = TestContext.get("/x?");
        assertThat(eval("base", noHost)).isEqualTo("/x");
    }

    @Test
    void urlParamStartsAfterTheDelimiterAndSplitsOnAmpersandAndSemicolon() throws Exception {
        assertThat(eval("url_param(x)", TestContext.get("/a/b?y=2&x=1;z=3"))).isEqualTo("1");
        assertThat(eval("url_param(x,;)", TestContext.get("/a/b?y=2&x=1;z=3"))).isNull();
        assertThat(eval("url_param(x)", TestContext.get("/a;x=5?y=2;x=1"))).isEqualTo("1");
        assertThat(eval("url_param(x,;)", TestContext.get("/a;x=5?y=2;x=1"))).isEqualTo("5?y=2");
        assertThat(eval("urlp(y,;)", TestContext.get("/a;x=1&y=2"))).isEqualTo("2");
        assertThat(eval("urlp(y)", TestContext.get("/a;x=1&y=2"))).isNull();
        assertThat(eval("urlp(x)", TestContext.get("/a?x=1&x=2"))).isEqualTo("1");
        assertThat(eval("urlp(flag)", TestContext.get("/a?flag&x=2"))).isEqualTo("");
    }

    @Test
    void cookiesTakeTheLastOccurrenceInExpressions() throws Exception {
        TestContext ctx = twoHeaders();
        assertThat(eval("cook(a)", ctx)).isEqualTo("3");
        assertThat(eval("req.cook(b)", ctx)).isEqualTo("2");
        assertThat(eval("req.cook_cnt(a)", ctx)).isEqualTo("2");
        assertThat(eval("cook(zz)", ctx)).isNull();
    }

    @Test
    void responseAndStreamFacts() throws Exception {
        TestContext ctx = twoHeaders();
        assertThat(eval("status", ctx)).isNull();
        ctx.response = TestMessage.response(503).header("Set-Cookie", "a=1").header("Vary", "x, y");
        assertThat(eval("status", ctx)).isEqualTo("503");
        assertThat(eval("res.hdr(vary)", ctx)).isEqualTo("y");
        assertThat(eval("shdr(vary,1)", ctx)).isEqualTo("x");
        assertThat(eval("res.fhdr(vary)", ctx)).isEqualTo("x, y");
        assertThat(eval("res.hdr_cnt(vary)", ctx)).isEqualTo("2");
        assertThat(eval("res.ver", ctx)).isEqualTo("1.1");
        assertThat(eval("src", ctx)).isEqualTo("192.0.2.10");
        assertThat(eval("src_port", ctx)).isEqualTo("40000");
        assertThat(eval("dst_port", ctx)).isEqualTo("8080");
        assertThat(eval("fe_name", ctx)).isEqualTo("fe");
        assertThat(eval("be_name", ctx)).isEqualTo("app");
        assertThat(eval("srv_name", ctx)).isEqualTo("s1");
        assertThat(eval("nbsrv", ctx)).isEqualTo("2");
        assertThat(eval("nbsrv(app)", ctx)).isEqualTo("2");
        assertThat(eval("nbsrv(nope)", ctx)).isNull();
        assertThat(eval("ssl_fc", ctx)).isEqualTo("0");
        assertThat(eval("env(HOME)", ctx)).isEqualTo("/home/x");
        assertThat(eval("int(-5)", ctx)).isEqualTo("-5");
        assertThat(eval("str(a b)", ctx)).isEqualTo("a b");
        ctx.variables().set("txn.user", Sample.string("bob"));
        assertThat(eval("var(txn.user)", ctx)).isEqualTo("bob");
        assertThat(eval("var(txn.none)", ctx)).isNull();
        ctx.source = new InetSocketAddress("2001:db8::1", 1);
        assertThat(compiler.expression("src").evaluate(ctx).type()).isEqualTo(Sample.Type.IPV6);
    }

    @Test
    void authentication() throws Exception {
        TestContext ctx = twoHeaders();
        assertThat(eval("http_auth(admins)", ctx)).isEqualTo("0");
        ctx.user = "ann";
        assertThat(eval("http_auth(admins)", ctx)).isEqualTo("1");
        assertThat(eval("http_auth_group(admins)", ctx)).isEqualTo("ann");
    }

    @Test
    void reqHdrsRebuildsTheHeaderBlock() throws Exception {
        TestContext ctx = new TestContext(TestMessage.request("GET", "/").header("Host", "h").header("A", "1"));
        assertThat(eval("req.hdrs", ctx)).isEqualTo("Host: h\r\nA: 1\r\n\r\n");
    }

    @Test
    void errorsNameTheWordAndSuggest() {
        assertThatThrownBy(() -> compiler.expression("hdrr(host)"))
                .hasMessage("unknown fetch 'hdrr' (did you mean 'hdr'?)");
        assertThatThrownBy(() -> compiler.expression("hdr(a,1,2)"))
                .hasMessage("fetch 'hdr' takes between 0 and 2 arguments (hdr([<name>[,<occ>]])) but got 3");
        assertThatThrownBy(() -> compiler.expression("url_param"))
                .hasMessageStartingWith("fetch 'url_param' takes between 1 and 2 arguments");
        assertThatThrownBy(() -> compiler.expression("hdr(x,first)"))
                .hasMessage("'hdr': the occurrence must be an integer but got 'first'");
        assertThatThrownBy(() -> compiler.expression("var(user)"))
                .hasMessageContaining("invalid variable name 'user'");
        assertThatThrownBy(() -> compiler.expression("hdr(host"))
                .hasMessage("missing ')' after the arguments of 'hdr'");
        assertThatThrownBy(() -> compiler.expression("path,lowr"))
                .hasMessage("unknown converter 'lowr' (did you mean 'lower'?)");
        assertThatThrownBy(() -> compiler.expression("hdr(a)x"))
                .hasMessageContaining("unexpected");
    }
}
