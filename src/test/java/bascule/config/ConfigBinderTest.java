package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.Address;
import bascule.model.Algorithm;
import bascule.model.HashFunction;
import bascule.model.Mode;
import bascule.model.Model;
import bascule.model.ProxyKind;
import bascule.model.ProxySpec;
import bascule.model.ServerSpec;
import org.junit.jupiter.api.Test;

/** Binding keyword lines into the model: values, defaults inheritance, and precise errors. */
class ConfigBinderTest {
    private static Model bind(String text) throws ConfigErrors {
        return Instance.parse(text, "t.cfg");
    }

    private static String error(String text) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> bind(text));
        assertThat(e).as("expected a configuration error").isNotNull();
        return e.getMessage();
    }

    private static ProxySpec proxy(Model m, String name) {
        return m.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void defaultsAreInheritedByFollowingProxies() throws Exception {
        Model m = bind("""
                defaults
                    mode tcp
                    balance leastconn
                    timeout connect 5s
                    timeout client 1m
                    timeout server 90s
                    retries 5
                    option redispatch
                    maxconn 300
                listen app
                    bind 127.0.0.1:8000
                    server s1 127.0.0.1:9000
                """);
        ProxySpec p = proxy(m, "app");
        assertThat(p.kind()).isEqualTo(ProxyKind.LISTEN);
        assertThat(p.mode()).isEqualTo(Mode.TCP);
        assertThat(p.balance().algorithm()).isEqualTo(Algorithm.LEASTCONN);
        assertThat(p.timeouts().connect()).isEqualTo(5000);
        assertThat(p.timeouts().client()).isEqualTo(60_000);
        assertThat(p.timeouts().server()).isEqualTo(90_000);
        assertThat(p.retries()).isEqualTo(5);
        assertThat(p.redispatch()).isEqualTo(-1);
        assertThat(p.maxconn()).isEqualTo(300);
    }

    @Test
    void aNewDefaultsSectionResetsAndNamedDefaultsCanBeChosenWithFrom() throws Exception {
        Model m = bind("""
                defaults base
                    timeout connect 1s
                    retries 7
                defaults other
                    timeout connect 2s
                backend b1
                    server s 127.0.0.1:1
                backend b2 from base
                    server s 127.0.0.1:1
                defaults child from base
                    balance first
                backend b3
                    server s 127.0.0.1:1
                """);
        assertThat(proxy(m, "b1").timeouts().connect()).isEqualTo(2000);
        assertThat(proxy(m, "b1").retries()).isEqualTo(3);
        assertThat(proxy(m, "b2").timeouts().connect()).isEqualTo(1000);
        assertThat(proxy(m, "b2").retries()).isEqualTo(7);
        assertThat(proxy(m, "b3").retries()).isEqualTo(7);
        assertThat(proxy(m, "b3").balance().algorithm()).isEqualTo(Algorithm.FIRST);
    }

    @Test
    void serverOptionsDefaultServerAndIds() throws Exception {
        Model m = bind("""
                backend b
                    default-server weight 10 maxconn 50 inter 3s
                    server a 10.0.0.1:80 id 2
                    server b 10.0.0.2:80 weight 20 backup
                    server c 10.0.0.3 disabled check rise 4 fall 5
                """);
        ServerSpec a = proxy(m, "b").servers().get(0);
        ServerSpec b = proxy(m, "b").servers().get(1);
        ServerSpec c = proxy(m, "b").servers().get(2);
        assertThat(a.id()).isEqualTo(2);
        assertThat(b.id()).isEqualTo(1);
        assertThat(c.id()).isEqualTo(3);
        assertThat(a.weight()).isEqualTo(10);
        assertThat(a.maxconn()).isEqualTo(50);
        assertThat(a.inter()).isEqualTo(3000);
        assertThat(b.weight()).isEqualTo(20);
        assertThat(b.backup()).isTrue();
        assertThat(c.port()).isZero();
        assertThat(c.disabled()).isTrue();
        assertThat(c.check()).isTrue();
        assertThat(c.rise()).isEqualTo(4);
        assertThat(c.fall()).isEqualTo(5);
    }

    @Test
    void bindAddressForms() throws Exception {
        Model m = bind("""
                frontend f
                    bind *:80,:81 name web maxconn 10
                    bind [::1]:8443
                    bind ipv4@127.0.0.1:9000-9002
                    bind unix@/tmp/x.sock
                    bind fd@3
                    default_backend b
                backend b
                    server s 127.0.0.1:1
                """);
        var binds = proxy(m, "f").binds();
        assertThat(binds.get(0).addresses()).extracting(Address::port).containsExactly(80, 81);
        assertThat(binds.get(0).name()).isEqualTo("web");
        assertThat(binds.get(0).maxconn()).isEqualTo(10);
        assertThat(binds.get(1).addresses().get(0).host()).isEqualTo("::1");
        assertThat(binds.get(1).addresses().get(0).family()).isEqualTo(Address.Family.INET6);
        assertThat(binds.get(2).addresses().get(0).portHigh()).isEqualTo(9002);
        assertThat(binds.get(3).addresses().get(0).path()).isEqualTo("/tmp/x.sock");
        assertThat(binds.get(4).addresses().get(0).fd()).isEqualTo(3);
    }

    @Test
    void timeUnitsAndHashType() throws Exception {
        Model m = bind("""
                listen b
                    timeout connect 1500us
                    timeout server 2h
                    timeout tunnel 1d
                    timeout client-fin 250
                    hash-type consistent djb2 avalanche
                    balance random(3)
                """);
        ProxySpec b = proxy(m, "b");
        assertThat(b.timeouts().connect()).isEqualTo(1);
        assertThat(b.timeouts().server()).isEqualTo(7_200_000);
        assertThat(b.timeouts().tunnel()).isEqualTo(86_400_000);
        assertThat(b.hashType().consistent()).isTrue();
        assertThat(b.hashType().function()).isEqualTo(HashFunction.DJB2);
        assertThat(b.hashType().avalanche()).isTrue();
        assertThat(b.balance().draws()).isEqualTo(3);
    }

    @Test
    void consistentWithoutFunctionMeansSdbmWithAvalanche() throws Exception {
        ProxySpec b = proxy(bind("backend b\n    hash-type consistent\n"), "b");
        assertThat(b.hashType().function()).isEqualTo(HashFunction.SDBM);
        assertThat(b.hashType().avalanche()).isTrue();
        ProxySpec c = proxy(bind("backend c\n    hash-type consistent sdbm\n"), "c");
        assertThat(c.hashType().avalanche()).isFalse();
    }

    @Test
    void misspelledBalanceGetsAHint() {
        assertThat(error("backend b\n    balance roundrobbin\n")).isEqualTo(
                "t.cfg:2: 'balance' expects one of roundrobin, static-rr, leastconn, first, source, uri, url_param, "
                        + "hdr(<name>), random, hash but got "
                        + "'roundrobbin' (did you mean 'roundrobin'?)");
    }

    @Test
    void unknownKeywordGetsSectionAndHint() {
        assertThat(error("backend b\n    retires 3\n"))
                .isEqualTo("t.cfg:2: unknown keyword 'retires' in backend 'b' (did you mean 'retries'?)");
    }

    @Test
    void laterFeaturesAreNamed() {
        assertThat(error("backend b\n    stick-table type ip size 1k\n"))
                .contains("t.cfg:2: 'stick-table' is not supported yet: it arrives with stick tables");
        assertThat(error("backend b\n    server s 1.2.3.4:80 send-proxy\n"))
                .contains("t.cfg:2: server option 'send-proxy' is not supported yet: it arrives with PROXY protocol");
    }

    @Test
    void keywordInTheWrongSection() {
        assertThat(error("frontend f\n    bind :80\n    server s 1.2.3.4:80\n"))
                .isEqualTo("t.cfg:3: 'server' is not allowed in frontend 'f'; it belongs in listen, backend");
    }

    @Test
    void unknownBackendAndModeMismatch() {
        assertThat(error("frontend f\n    bind :80\n    default_backend pool\nbackend pol\n"))
                .isEqualTo("t.cfg:3: frontend 'f' uses backend 'pool' which does not exist (did you mean 'pol'?)");
    }

    @Test
    void badValuesArePrecise() {
        assertThat(error("backend b\n    timeout connect 5x\n"))
                .isEqualTo("t.cfg:2: 'timeout connect': unknown time unit 'x' in '5x' (use us, ms, s, m, h or d)");
        assertThat(error("backend b\n    server s 1.2.3.4:99999\n"))
                .isEqualTo("t.cfg:2: invalid port '99999' in address '1.2.3.4:99999' (expected 1 to 65535)");
        assertThat(error("backend b\n    server s 1.2.3.4:80 weight 300\n"))
                .isEqualTo("t.cfg:2: 'weight' expects a value between 0 and 256 but got '300'");
        assertThat(error("frontend f\n    bind 1.2.3.4\n"))
                .isEqualTo("t.cfg:2: missing port in address '1.2.3.4' (write host:port, e.g. *:80)");
        assertThat(error("backend b\n    server a 1.2.3.4:80\n    server a 1.2.3.5:80\n"))
                .isEqualTo("t.cfg:3: server 'a' is declared twice in backend 'b'");
        assertThat(error("listen x\nlisten x\n")).contains("t.cfg:2: listen 'x' has the same name as listen 'x'");
    }

    @Test
    void legacyListenAddressIsRefusedLikeHaproxy2() {
        assertThat(error("listen web 0.0.0.0:80\n    server s 127.0.0.1:1\n"))
                .isEqualTo("t.cfg:1: 'listen web 0.0.0.0:80': please use the 'bind' keyword for listening addresses");
    }

    @Test
    void allErrorsAreReportedTogether() {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> bind("""
                global
                    maxconn abc
                backend b
                    balance nope
                    retries -1
                """));
        assertThat(e.errors()).extracting(x -> x.position().line()).containsExactly(2, 4, 5);
    }

    @Test
    void jvmMeaninglessGlobalsWarnOnce() throws Exception {
        Model m = bind("""
                global
                    chroot /var/lib/haproxy
                    user haproxy
                    tune.ssl.default-dh-param 2048
                """);
        assertThat(m.warnings()).hasSize(3);
        assertThat(m.warnings().get(0)).startsWith("t.cfg:2: 'chroot' ignored: ");
    }

    @Test
    void missingTimeoutsWarnLikeHaproxy() throws Exception {
        Model m = bind("listen l\n    bind :80\n    server s 127.0.0.1:1\n");
        assertThat(m.warnings()).anySatisfy(w -> assertThat(w).contains("missing timeouts for listen 'l'"));
    }
}
