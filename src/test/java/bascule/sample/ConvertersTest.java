package bascule.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converters; expected values were printed by HAProxy 2.6.12 for the same expressions. */
class ConvertersTest {
    @TempDir
    Path dir;

    private SampleCompiler compiler() {
        return new SampleCompiler(dir, Map.<String, String>of()::get);
    }

    private String eval(String expr) throws SampleException {
        return eval(expr, TestContext.get("/"));
    }

    private String eval(String expr, TestContext ctx) throws SampleException {
        return compiler().expression(expr).evaluateString(ctx);
    }

    @Test
    void hashesAreBitExactWithHaproxy() throws Exception {
        assertThat(eval("str(abc),sdbm")).isEqualTo("807794786");
        assertThat(eval("str(abc),djb2")).isEqualTo("193485963");
        assertThat(eval("str(abc),wt6")).isEqualTo("2483038440");
        assertThat(eval("str(abc),crc32")).isEqualTo("891568578");
        assertThat(eval("str(abc),sdbm(1)")).isEqualTo("659243622");
        assertThat(eval("str(abc),crc32(1)")).isEqualTo("930845320");
        assertThat(eval("str(hello world),wt6(1)")).isEqualTo("2174767729");
        assertThat(eval("str(x),djb2(1)")).isEqualTo("3554178265");
    }

    @Test
    void fieldCountsEmptyFieldsAndWordSkipsThem() throws Exception {
        assertThat(eval("str(a..b.c),field(2,.)")).isEqualTo("");
        assertThat(eval("str(a..b.c),field(3,.)")).isEqualTo("b");
        assertThat(eval("str(a..b.c),field(-1,.)")).isEqualTo("c");
        assertThat(eval("str(a..b.c),field(2,.,2)")).isEqualTo(".b");
        assertThat(eval("str(a..b.c),field(2,.,0)")).isEqualTo(".b.c");
        assertThat(eval("str(a.b.c.d),field(-2,.,2)")).isEqualTo("b.c");
        assertThat(eval("str(a.b.c),field(-1,.,0)")).isEqualTo("a.b.c");
        assertThat(eval("str(a.b),field(5,.)")).isNull();
        assertThat(eval("str(.a..b.c),word(2,.)")).isEqualTo("b");
        assertThat(eval("str(a..b.c.),word(-1,.)")).isEqualTo("c");
        assertThat(eval("str(a..b.c),word(1,.,2)")).isEqualTo("a..b");
        assertThat(eval("str(a..b.c.d),word(-2,.,2)")).isEqualTo("b.c");
        assertThat(eval("str(a.b),word(5,.)")).isNull();
    }

    @Test
    void regsub() throws Exception {
        assertThat(eval("str(a.b.c),regsub(\\.,_,g)")).isEqualTo("a_b_c");
        assertThat(eval("str(a.b.c),regsub(\\.,_)")).isEqualTo("a_b.c");
        assertThat(eval("str(Abc),regsub(b,X,i)")).isEqualTo("AXc");
        assertThat(eval("str(aBc),regsub(b,X,gi)")).isEqualTo("aXc");
        assertThat(eval("str(abc),regsub(\"(b)\",[\\1])")).isEqualTo("a[b]c");
        assertThatThrownBy(() -> eval("str(a),regsub(a,b,x)")).hasMessageContaining("unknown flag 'x'");
        assertThatThrownBy(() -> eval("str(a),regsub(\"(\",b)")).hasMessageStartingWith("'regsub': invalid regex '('");
    }

    @Test
    void ipmask() throws Exception {
        assertThat(eval("str(10.1.2.3),ipmask(24)")).isEqualTo("10.1.2.0");
        assertThat(eval("str(10.1.2.3),ipmask(255.0.255.0)")).isEqualTo("10.0.2.0");
        assertThat(eval("str(2001:db8:1:2::1),ipmask(24,32)")).isEqualTo("2001:db8:0:0:0:0:0:0");
        assertThat(eval("str(2001:db8:1:2::1),ipmask(24)")).isNull();
        assertThatThrownBy(() -> eval("src,ipmask(33)")).hasMessageContaining("is not an IPv4 mask");
    }

    @Test
    void textConverters() throws Exception {
        TestContext ctx = new TestContext(TestMessage.request("GET", "/")
                .header("j", "a\"b\\c/d").header("u", "\u00c3\u00a9<x>").header("d", "a+b?c+d%41").header("bad", "%2x"));
        assertThat(eval("hdr(j),json", ctx)).isEqualTo("a\\\"b\\\\c\\/d");
        assertThat(eval("hdr(u),json", ctx)).isEqualTo("\\u00c3\\u00a9<x>");
        assertThat(eval("hdr(u),json(utf8)", ctx)).isEqualTo("\\u00e9<x>");
        assertThat(eval("hdr(d),url_dec", ctx)).isEqualTo("a+b?c dA");
        assertThat(eval("str(a+b),url_dec(1)", ctx)).isEqualTo("a b");
        assertThat(eval("hdr(bad),url_dec", ctx)).isNull();
        assertThat(eval("str(ab?),hex")).isEqualTo("61623F");
        assertThat(eval("str(abcd),base64")).isEqualTo("YWJjZA==");
        assertThat(eval("str(AbC),lower")).isEqualTo("abc");
        assertThat(eval("str(abc),upper")).isEqualTo("ABC");
        assertThat(eval("str(abc),length")).isEqualTo("3");
        assertThat(eval("str(abcdef),bytes(2,3)")).isEqualTo("cde");
        assertThat(eval("str(abcdef),bytes(4)")).isEqualTo("ef");
    }

    @Test
    void concatAndArithmetic() throws Exception {
        TestContext ctx = TestContext.get("/");
        ctx.variables().set("txn.s", Sample.string("mid"));
        ctx.variables().set("txn.n", Sample.integer(7));
        assertThat(eval("str(x),concat(<,txn.s,>)", ctx)).isEqualTo("x<mid>");
        assertThat(eval("str(x),concat(<)", ctx)).isEqualTo("x<");
        assertThat(eval("int(5),add(txn.n)", ctx)).isEqualTo("12");
        assertThat(eval("int(5),div(0)")).isEqualTo("9223372036854775807");
        assertThat(eval("int(-7),div(2)")).isEqualTo("-3");
        assertThat(eval("int(-7),mod(2)")).isEqualTo("-1");
        assertThat(eval("int(5),sub(-3)")).isEqualTo("8");
        assertThat(eval("int(6),and(3)")).isEqualTo("2");
        assertThat(eval("int(6),xor(3)")).isEqualTo("5");
        assertThat(eval("int(0),bool")).isEqualTo("0");
        assertThat(eval("int(3),not")).isEqualTo("0");
        assertThat(eval("str(x),add(3)")).isEqualTo("3");
        assertThat(eval("str(12ab),add(1)")).isEqualTo("13");
        assertThat(eval("int(1),add(txn.missing)", ctx)).isNull();
    }

    @Test
    void mapsMatchLikeHaproxy() throws Exception {
        Files.writeString(dir.resolve("beg.map"), "/a x\n/ab y\n# c\n\n/ abc  def  \n");
        Files.writeString(dir.resolve("dom.map"), "example.com one\nb.example.com two\n");
        Files.writeString(dir.resolve("ip.map"), "10.0.0.0/8 wide\n10.1.0.0/16 narrow\n10.1.2.3 exact\n2001:db8::/32 six\n");
        Files.writeString(dir.resolve("hosts.map"), "a.com 1\nb.com 2\n");
        // map_beg: the longest prefix wins (HAProxy's prefix tree), whatever the file order.
        assertThat(eval("path,map_beg(beg.map,none)", TestContext.get("/abc"))).isEqualTo("y");
        assertThat(eval("path,map_beg(beg.map)", TestContext.get("/Abc"))).isEqualTo("abc  def");
        // map_dom: the first line that matches as dot-delimited words.
        assertThat(eval("str(a.b.example.com:80),map_dom(dom.map,no)")).isEqualTo("one");
        assertThat(eval("str(example.comx),map_dom(dom.map,no)")).isEqualTo("no");
        assertThat(eval("str(x.example.com.org),map_dom(dom.map,no)")).isEqualTo("one");
        // map_ip: the longest prefix.
        assertThat(eval("str(10.1.2.3),map_ip(ip.map,no)")).isEqualTo("exact");
        assertThat(eval("str(10.1.9.9),map_ip(ip.map,no)")).isEqualTo("narrow");
        assertThat(eval("str(10.2.9.9),map_ip(ip.map,no)")).isEqualTo("wide");
        assertThat(eval("str(2001:db8::5),map_ip(ip.map,no)")).isEqualTo("six");
        assertThat(eval("str(11.0.0.1),map_ip(ip.map)")).isNull();
        assertThat(eval("str(b.com),map(hosts.map)")).isEqualTo("2");
        assertThat(eval("str(B.com),map_str(hosts.map,0)")).isEqualTo("0");
        assertThat(compiler().expression("str(b.com),map_str_int(hosts.map,0)").evaluate(TestContext.get("/")))
                .isEqualTo(Sample.integer(2));
        assertThat(eval("str(xa.com),map_end(hosts.map)")).isEqualTo("1");
        assertThat(eval("str(a.comb),map_reg(hosts.map)")).isEqualTo("1");
    }

    @Test
    void mapErrors() throws IOException {
        Files.writeString(dir.resolve("bad.map"), "k notanumber\n");
        assertThatThrownBy(() -> eval("path,map")).hasMessage("converter 'map' needs a map file name (map(<map file>[,<default value>]))");
        assertThatThrownBy(() -> eval("path,map(nope.map)"))
                .hasMessageStartingWith("cannot open map file 'nope.map': no such file");
        assertThatThrownBy(() -> eval("path,map_str_int(bad.map)")).hasMessageContaining("is not an integer");
        assertThatThrownBy(() -> eval("path,map_bge(bad.map)")).hasMessage("unknown converter 'map_bge' (did you mean 'map_beg'?)");
    }
}
