package bascule.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ACL terms; the request/expectation pairs marked "HAProxy" were checked on HAProxy 2.6.12. */
class AclTest {
    @TempDir
    Path dir;

    private boolean acl(String line, TestContext ctx) throws SampleException {
        SampleCompiler compiler = new SampleCompiler(dir, Map.<String, String>of()::get);
        return compiler.acl(Arrays.asList(line.split(" "))).matches(ctx);
    }

    private static TestContext req1() {
        return new TestContext(TestMessage.request("GET", "/api/v1/x").header("Host", "www.Example.COM:8080")
                .header("X", "a, b").header("X", "c").header("n", "4").header("Cookie", "a=2; a=1"));
    }

    private static TestContext req2() {
        return new TestContext(TestMessage.request("GET", "/x/api").header("Host", "example.community")
                .header("X", "b").header("n", "7").header("n", "2").header("Cookie", "a=3"));
    }

    private static TestContext req3() {
        return new TestContext(TestMessage.request("GET", "/apix").header("Host", "com").header("X", "z,b"));
    }

    private void expect(String line, boolean r1, boolean r2, boolean r3) throws SampleException {
        assertThat(new boolean[] {acl(line, req1()), acl(line, req2()), acl(line, req3())})
                .as(line).containsExactly(r1, r2, r3);
    }

    @Test
    void matchesAsHaproxyDoes() throws Exception {
        expect("path_dir /api", true, true, false);
        expect("path_dir api/v1", true, false, false);
        expect("hdr_dom(host) -i example.com", true, false, false);
        expect("hdr(host) -m dom com", false, false, true);
        expect("hdr(x) b", true, true, true);          // any comma-separated value
        expect("hdr(x,1) b", false, true, false);      // only the given occurrence
        expect("hdr_val(n) gt 5", false, true, false); // any occurrence
        expect("hdr_val(n) 3:6", true, false, false);
        expect("method get", false, false, false);     // methods are case-sensitive
        expect("method GET", true, true, true);
        expect("path_beg", false, false, false);       // no pattern never matches
        expect("hdr(x) -m found", true, true, true);
        expect("cook(a) 1", true, false, false);       // any occurrence of the cookie
        expect("path_len 4", false, false, false);
        expect("path_len 5:6", false, true, true);
        expect("src 127.0.0.0/8", false, false, false);
        expect("src 192.0.2.0/24", true, true, true);
        expect("src ::ffff:192.0.2.10", true, true, true); // v4-mapped pattern, IPv4 client
    }

    @Test
    void stringMethods() throws Exception {
        TestContext ctx = TestContext.get("/static/img/logo.PNG?x=1");
        assertThat(acl("path_end .png", ctx)).isFalse();
        assertThat(acl("path_end -i .png", ctx)).isTrue();
        assertThat(acl("path_beg /static /assets", ctx)).isTrue();
        assertThat(acl("path_sub -i /IMG/", ctx)).isTrue();
        assertThat(acl("path_reg ^/static/[a-z]+/", ctx)).isTrue();
        assertThat(acl("path_reg -i LOGO\\.png$", ctx)).isTrue();
        assertThat(acl("url_sub x=1", ctx)).isTrue();
        assertThat(acl("path -m beg /static", ctx)).isTrue();
        assertThat(acl("path /static/img/logo.PNG", ctx)).isTrue();
        assertThat(acl("path -i /STATIC/IMG/LOGO.png", ctx)).isTrue();
        assertThat(acl("path,lower -m end .png", ctx)).isTrue();
        assertThat(acl("path,length gt 10", ctx)).isTrue();
        assertThat(acl("url_param(x) -m int 1", ctx)).isTrue();
        assertThat(acl("urlp_val(x) 1", ctx)).isTrue();
        assertThat(acl("url -- -i", TestContext.get("-i"))).isTrue();
    }

    @Test
    void integerRangesAndOperators() throws Exception {
        TestContext ctx = TestContext.get("/");
        assertThat(acl("src_port 1024:65535", ctx)).isTrue();
        assertThat(acl("src_port :1023", ctx)).isFalse();
        assertThat(acl("src_port 40000:", ctx)).isTrue();
        assertThat(acl("dst_port 80 443 8080", ctx)).isTrue();
        assertThat(acl("dst_port lt 8080", ctx)).isFalse();
        assertThat(acl("dst_port le 8080", ctx)).isTrue();
        assertThat(acl("dst_port ge 8081", ctx)).isFalse();
        assertThat(acl("dst_port eq 8080", ctx)).isTrue();
        assertThat(acl("nbsrv(app) lt 1", ctx)).isFalse();
        assertThat(acl("nbsrv lt 3", ctx)).isTrue();
        ctx.response = TestMessage.response(404);
        assertThat(acl("status 400:499", ctx)).isTrue();
        assertThat(acl("hdr_cnt(host) 0", ctx)).isTrue();
    }

    @Test
    void ipNetworksIncludingIpv6() throws Exception {
        TestContext ctx = TestContext.get("/");
        ctx.source = new InetSocketAddress("2001:db8::7", 1234);
        assertThat(acl("src 2001:db8::/32", ctx)).isTrue();
        assertThat(acl("src 2001:db9::/32 10.0.0.0/8", ctx)).isFalse();
        assertThat(acl("src ::/0", ctx)).isTrue();
        ctx.source = new InetSocketAddress("10.1.2.3", 1234);
        assertThat(acl("src 10.0.0.0/255.0.0.0", ctx)).isTrue();
        assertThat(acl("src 10.1.2.3", ctx)).isTrue();
        assertThat(acl("src ::ffff:10.0.0.0/104", ctx)).isTrue();
        assertThat(acl("hdr(x-forwarded-for) -m ip 10.0.0.0/8", TestContext.get("/"))).isFalse();
        assertThatThrownBy(() -> acl("src example.com", ctx)).hasMessageContaining("'example.com' is not a valid IPv4 or IPv6");
    }

    @Test
    void booleanFetchesAndFound() throws Exception {
        TestContext ctx = TestContext.get("/");
        assertThat(acl("always_true", ctx)).isTrue();
        assertThat(acl("always_false", ctx)).isFalse();
        assertThat(acl("ssl_fc", ctx)).isFalse();
        ctx.tls = true;
        assertThat(acl("ssl_fc", ctx)).isTrue();
        assertThat(acl("hdr(host) -m found", ctx)).isFalse();
        assertThat(acl("http_auth(admins)", ctx)).isFalse();
        ctx.user = "ann";
        assertThat(acl("http_auth(admins)", ctx)).isTrue();
        ctx.groups = Set.of("ops");
        assertThat(acl("http_auth_group(admins) dev ops", ctx)).isTrue();
        assertThat(acl("http_auth_group(admins) dev", ctx)).isFalse();
        assertThatThrownBy(() -> acl("ssl_fc 1", ctx)).hasMessageContaining("takes no pattern");
    }

    @Test
    void patternFiles() throws Exception {
        Files.writeString(dir.resolve("paths.lst"), "# static\n/static\n\n  /img  \n");
        Files.writeString(dir.resolve("hosts.map"), "a.com back1\nb.com back2\n");
        assertThat(acl("path_beg -f paths.lst", TestContext.get("/img/x"))).isTrue();
        assertThat(acl("path_beg -f paths.lst /other", TestContext.get("/other/x"))).isTrue();
        assertThat(acl("path_beg -f paths.lst", TestContext.get("/x"))).isFalse();
        TestContext ctx = new TestContext(TestMessage.request("GET", "/").header("Host", "b.com"));
        assertThat(acl("hdr(host) -M -f hosts.map", ctx)).isTrue();
        assertThatThrownBy(() -> acl("path -f nope.lst", ctx)).hasMessageStartingWith("cannot open pattern file 'nope.lst'");
    }

    @Test
    void errors() {
        TestContext ctx = TestContext.get("/");
        assertThatThrownBy(() -> acl("hdr_bgn(host) a", ctx)).hasMessage("unknown fetch 'hdr_bgn' (did you mean 'hdr_beg'?)");
        assertThatThrownBy(() -> acl("path -m bge /a", ctx)).hasMessage("unknown match method '-m bge' (did you mean 'beg'?)");
        assertThatThrownBy(() -> acl("path -m bin 00", ctx)).hasMessage("match method '-m bin' is not supported yet");
        assertThatThrownBy(() -> acl("path -x /a", ctx)).hasMessageStartingWith("unknown ACL flag '-x'");
        assertThatThrownBy(() -> acl("path -m", ctx)).hasMessageStartingWith("'-m' needs a match method");
        assertThatThrownBy(() -> acl("dst_port gt", ctx)).hasMessage("operator 'gt' needs an integer after it");
        assertThatThrownBy(() -> acl("dst_port http", ctx)).hasMessage("'http' is not an integer or a range such as 1024:65535");
        assertThatThrownBy(() -> acl("path_reg (", ctx)).hasMessageStartingWith("invalid regex '('");
    }
}
