package bascule.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionAndFormatTest {
    private final SampleCompiler compiler = new SampleCompiler(Path.of("."), Map.<String, String>of()::get);
    private final Map<String, List<AclTerm>> named = new HashMap<>();

    {
        compiler.useFormats(text -> bascule.logformat.HeaderFormat.compile(text, compiler));
    }

    private void acl(String name, String words) throws SampleException {
        named.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(compiler.acl(Arrays.asList(words.split(" "))));
    }

    private boolean test(String condition, TestContext ctx) throws SampleException {
        return compiler.condition(Arrays.asList(condition.split(" ")), named).test(ctx);
    }

    @Test
    void namesNegationAndOr() throws Exception {
        acl("is_api", "path_beg /api");
        acl("is_api", "hdr(host) -i api.example.com"); // a second line with the same name ORs
        acl("is_post", "method POST");
        TestContext get = new TestContext(TestMessage.request("GET", "/api/x").header("Host", "www"));
        TestContext post = new TestContext(TestMessage.request("POST", "/web").header("Host", "API.example.com"));
        assertThat(test("if is_api", get)).isTrue();
        assertThat(test("if is_api", post)).isTrue();
        assertThat(test("if is_api is_post", get)).isFalse();
        assertThat(test("if is_api is_post", post)).isTrue();
        assertThat(test("if is_api !is_post", get)).isTrue();
        assertThat(test("if is_api ! is_post", post)).isFalse();
        assertThat(test("unless is_post", get)).isTrue();
        assertThat(test("if is_post or METH_GET", get)).isTrue();
        assertThat(test("if is_post || FALSE", get)).isFalse();
        assertThat(test("if !is_api or is_post", post)).isTrue();
    }

    @Test
    void anonymousAcls() throws Exception {
        TestContext ctx = TestContext.get("/admin/x");
        assertThat(test("if { path_beg /admin } !{ src 10.0.0.0/8 }", ctx)).isTrue();
        assertThat(test("if { path_beg /admin } { src 192.0.2.0/24 } { method POST }", ctx)).isFalse();
        assertThat(test("unless { path_beg /admin }", ctx)).isFalse();
    }

    @Test
    void predefinedAcls() throws Exception {
        TestContext ctx = new TestContext(TestMessage.request("HEAD", "/").header("Content-Length", "5"));
        assertThat(test("if METH_GET", ctx)).isTrue();
        assertThat(test("if METH_HEAD HTTP HTTP_1.1 HTTP_URL_SLASH HTTP_CONTENT TRUE", ctx)).isTrue();
        assertThat(test("if HTTP_1.0", ctx)).isFalse();
        assertThat(test("if LOCALHOST", ctx)).isFalse();
        ctx.source = new InetSocketAddress("127.0.0.1", 5000);
        assertThat(test("if LOCALHOST", ctx)).isTrue();
        assertThat(test("if HTTP_URL_ABS", TestContext.get("http://a/b"))).isTrue();
        assertThat(test("if HTTP_URL_STAR", new TestContext(TestMessage.request("OPTIONS", "*")))).isTrue();
        assertThatThrownBy(() -> test("if REQ_CONTENT", ctx)).hasMessage("predefined ACL 'REQ_CONTENT' is not supported yet");
    }

    @Test
    void conditionErrors() throws Exception {
        acl("is_api", "path_beg /api");
        TestContext ctx = TestContext.get("/");
        assertThatThrownBy(() -> test("if is_apl", ctx)).hasMessage("no such ACL 'is_apl' (did you mean 'is_api'?)");
        assertThatThrownBy(() -> test("if", ctx)).hasMessage("'if' needs at least one ACL");
        assertThatThrownBy(() -> test("if is_api or", ctx)).hasMessage("'or' needs an ACL on each side");
        assertThatThrownBy(() -> test("if { path_beg /a", ctx)).hasMessageStartingWith("missing '}'");
        assertThatThrownBy(() -> test("when is_api", ctx)).hasMessageStartingWith("a condition starts with 'if' or 'unless'");
    }

    @Test
    void formats() throws Exception {
        TestContext ctx = new TestContext(TestMessage.request("GET", "/p?x=1").header("Host", "h.com"));
        Format f = compiler.format("https://%[hdr(host)]%[path] 100%%");
        assertThat(f.isConstant()).isFalse();
        assertThat(f.render(ctx)).isEqualTo("https://h.com/p 100%");
        assertThat(compiler.format("%[hdr(host),regsub(\"[.]com\",\"]\",g)]").render(ctx)).isEqualTo("h]");
        // as in HAProxy's header formats: spaces kept, samples never quoted, a missing one is nothing
        assertThat(compiler.format("a  %{+Q}[url_param(x)] %[hdr(none)]!").render(ctx)).isEqualTo("a  1 !");
        // control characters cannot break the header line: HAProxy writes them as %XX (tab stays)
        assertThat(compiler.format("<%[url_param(x),url_dec]>").render(new TestContext(
                TestMessage.request("GET", "/p?x=a%0d%0Ab%09c%7f")))).isEqualTo("<a%0D%0Ab\tc%7F>");
        Format constant = compiler.format("plain 50%% text");
        assertThat(constant.isConstant()).isTrue();
        assertThat(constant.render(ctx)).isEqualTo("plain 50% text");
        assertThatThrownBy(() -> compiler.format("%cx:%cp")).hasMessageStartingWith("unknown log-format variable '%cx'");
        assertThatThrownBy(() -> compiler.format("%{+json}o %ci")).hasMessageContaining("'+json' only makes sense");
        assertThatThrownBy(() -> compiler.format("%[path")).hasMessageStartingWith("missing ']'");
        assertThatThrownBy(() -> compiler.format("%[pth]")).hasMessage("unknown fetch 'pth' (did you mean 'path'?)");
    }
}
