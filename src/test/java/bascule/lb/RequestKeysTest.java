package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Balance;
import bascule.model.HashFunction;
import bascule.model.HashType;
import bascule.sample.Sample;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestKeysTest {

    private static String s(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.ISO_8859_1);
    }

    private static Balance.Uri uri(int len, int depth, boolean whole, boolean pathOnly) {
        return new Balance.Uri(len, depth, whole, pathOnly);
    }

    @ParameterizedTest(name = "{0} with len={1} depth={2} whole={3} path-only={4} -> [{5}]")
    @CsvSource(delimiter = ';', value = {
        "/a/b?x=1;              0; 0; false; false; /a/b",
        "/a/b?x=1;              0; 0; true;  false; /a/b?x=1",
        "/a/b/c/d;              0; 2; false; false; /a/b",
        "/a/b/c/d;              0; 1; false; false; /a",
        "/a;                    0; 1; false; false; /a",
        "/abcdef/gh;            4; 0; false; false; /abc",
        "/a?b/c/d;              0; 2; true;  false; /a?b/c",
        "http://h.example/p/q?z; 0; 0; false; false; http://h.example/p/q",
        "http://h.example/p/q?z; 0; 0; false; true;  /p/q",
        "http://h.example/p/q?z; 0; 0; true;  true;  /p/q?z",
        "http://h.example?z;    0; 0; true;  true;  ''",
        "h.example:443;         0; 0; false; true;  ''",
        "*;                     0; 0; false; true;  ''",
        "*;                     0; 0; false; false; *",
    })
    void uriKeyIsCutLikeHaproxy(String target, int len, int depth, boolean whole, boolean pathOnly, String key) {
        assertThat(s(RequestKeys.uriKey(uri(len, depth, whole, pathOnly), target))).isEqualTo(key);
    }

    private static String param(String name, String request) {
        return s(RequestKeys.urlParamKey(new Balance.UrlParam(name, false), TestRequest.parse(request)));
    }

    @Test
    void urlParamTakesTheFirstExactParameterOfTheQueryString() {
        assertThat(param("user", "GET /p?user=alice&user=bob")).isEqualTo("alice");
        assertThat(param("user", "GET /p?username=carol&user=dave")).isEqualTo("dave");
        assertThat(param("user", "GET /p?xuser=1")).isNull();
        assertThat(param("user", "GET /p?a=1&user=")).isEqualTo("");
        assertThat(param("user", "GET /p?user")).isNull();
        assertThat(param("user", "GET /p?user=j=2&x")).isEqualTo("j=2");
        assertThat(param("user", "GET /p/user=x")).isNull();
        assertThat(param("User", "GET /p?user=x")).as("names match exactly").isNull();
        assertThat(param("user", "GET /p;user=x?a=b")).isNull();
    }

    @Test
    void urlParamSearchesThePostBodyWhenTheQueryLacksIt() {
        assertThat(param("user", "POST /f || a=1&user=leo&b=2")).isEqualTo("leo");
        assertThat(param("user", "POST /f?user=nick || user=olga")).isEqualTo("nick");
        assertThat(param("user", "PUT /f || user=paul")).as("only POST bodies").isNull();
        assertThat(param("user", "POST /f")).as("no body at hand").isNull();
        assertThat(param("user", "POST /f || user=\"q\"")).as("not form-encoded").isNull();
        assertThat(param("user", "POST /f || user= x")).as("a blank first byte ends the value").isEqualTo("");
    }

    private static String header(String name, boolean domainOnly, String request) {
        return s(RequestKeys.headerKey(new Balance.Header(name, domainOnly), TestRequest.parse(request)));
    }

    @Test
    void headerTakesTheFirstValueOfTheFirstField() {
        assertThat(header("x-key", false, "GET / | X-Key: a, b | X-Key: c")).isEqualTo("a");
        assertThat(header("X-KEY", false, "GET / | x-key: \"q,uoted\", z")).isEqualTo("\"q,uoted\"");
        assertThat(header("x-key", false, "GET / | X-Other: a")).isNull();
        assertThat(header("x-key", false, "GET / | X-Key: | X-Key: b")).as("an empty first field").isNull();
        assertThat(header("x-key", false, "GET / | X-Key: , b")).as("an empty first value").isNull();
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = ';', value = {
        "www.example.com;    example",
        "example.com;        example",
        "api.example.co.uk;  co",
        "example.com:8080;   example",
        "localhost;          localhost",
        "host.;              host",
        "www.example.com.;   com",
        ".leading;           .leading",
        "a.b;                a",
    })
    void useDomainOnlyKeepsTheLabelBeforeTheLastDot(String host, String key) {
        assertThat(header("host", true, "GET / | Host: " + host)).isEqualTo(key);
    }

    @Test
    void expressionValuesBecomeBytesAsHaproxyCastsThemToBinary() {
        LbRequest r = TestRequest.parse("GET /").lb();
        assertThat(s(RequestKeys.expressionKey(c -> Sample.string("abc"), r))).isEqualTo("abc");
        assertThat(RequestKeys.expressionKey(c -> Sample.integer(258), r)).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
        assertThat(RequestKeys.expressionKey(c -> Sample.ip(new byte[] {10, 0, 0, 1}), r))
                .containsExactly(10, 0, 0, 1);
        assertThat(RequestKeys.expressionKey(c -> null, r)).isNull();
        assertThat(RequestKeys.expressionKey(c -> Sample.string("x"), new LbRequest(new byte[] {1, 2, 3, 4})))
                .as("no context in TCP mode").isNull();
    }

    @Test
    void aRequestWithoutKeyIsBalancedRoundRobin() {
        LoadBalancer lb = LoadBalancers.create(new Balance(new Balance.Header("x-key", false)), HashType.DEFAULT,
                FakeServer.actives(1, 1, 1), false);
        LbRequest keyless = TestRequest.parse("GET / | Host: a").lb();
        List<String> picks = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> lb.pick(keyless, null).name()).toList();
        assertThat(picks).containsExactly("s1", "s2", "s3", "s1", "s2", "s3");
        assertThat(lb.pick(LbRequest.NONE, null)).as("TCP mode: no request at all").isNotNull();
    }

    @Test
    void theSameKeyKeepsItsServerAndMapBasedUsesTheHashFunction() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1, 1, 1);
        HashType djb2 = new HashType(false, HashFunction.DJB2, false);
        LoadBalancer lb = LoadBalancers.create(new Balance(new Balance.Uri(0, 0, false, false)), djb2, servers,
                false);
        byte[] key = "/same/path".getBytes(StandardCharsets.ISO_8859_1);
        int expected = (int) (Integer.toUnsignedLong(Hashes.djb2(key, 0, key.length)) % 5);
        for (String target : List.of("/same/path", "/same/path?a=1", "/same/path?b=2")) {
            assertThat(lb.pick(TestRequest.parse("GET " + target).lb(), null)).isSameAs(servers.get(expected));
        }
    }
}
