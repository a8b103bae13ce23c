package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.Model;
import bascule.model.ProxySpec;
import bascule.model.StatsSpec;
import org.junit.jupiter.api.Test;

/** The {@code stats} keywords of proxies and defaults (the stats page). */
class StatsBinderTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 1s
                timeout client 1s
                timeout server 1s
            """;

    private static Model bind(String text) throws ConfigErrors {
        return Instance.parse(text, "t.cfg");
    }

    private static StatsSpec stats(Model m, String proxy) {
        return m.proxies().stream().filter(p -> p.name().equals(proxy)).findFirst().orElseThrow()
                .stats();
    }

    private static String error(String lines) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> bind(DEFAULTS + lines));
        assertThat(e).as("expected a configuration error").isNotNull();
        return e.getMessage();
    }

    @Test
    void everyKeywordIsBound() throws Exception {
        Model m = bind(DEFAULTS + """
                acl from_lb src 10.0.0.0/8
                listen stats
                    bind 127.0.0.1:8404
                    acl local src 127.0.0.1
                    stats uri /monitor
                    stats realm Ops\\ Area
                    stats auth admin:s3cr:et
                    stats auth ops:pw
                    stats refresh 2m
                    stats show-node
                    stats show-legends
                    stats show-desc Primary  balancer
                    stats hide-version
                    stats scope app
                    stats scope stats
                    stats admin if local
                """.replace("acl from_lb src 10.0.0.0/8\n", ""));
        StatsSpec s = stats(m, "stats");
        assertThat(s.uri()).isEqualTo("/monitor");
        assertThat(s.realm()).isEqualTo("Ops Area");
        assertThat(s.users()).containsExactly(new StatsSpec.User("admin", "s3cr:et"), new StatsSpec.User("ops", "pw"));
        assertThat(s.refreshSeconds()).isEqualTo(120);
        assertThat(s.node()).isNotBlank();
        assertThat(s.showLegends()).isTrue();
        assertThat(s.description()).isEqualTo("Primary balancer");
        assertThat(s.hideVersion()).isTrue();
        assertThat(s.scopes()).containsExactly("app", "stats");
        assertThat(s.admin()).isNotNull();
    }

    @Test
    void anyStatsKeywordEnablesThePageWithHaproxysDefaults() throws Exception {
        Model m = bind(DEFAULTS + """
                listen a
                    bind 127.0.0.1:1
                    stats show-node web-01
                listen b
                    bind 127.0.0.1:2
                """);
        StatsSpec s = stats(m, "a");
        assertThat(s.uri()).isEqualTo("/haproxy?stats");
        assertThat(s.realm()).isEqualTo("HAProxy Statistics");
        assertThat(s.node()).isEqualTo("web-01");
        assertThat(s.users()).isEmpty();
        assertThat(s.refreshSeconds()).isZero();
        assertThat(stats(m, "b")).isNull();
    }

    @Test
    void aProxyInheritsTheDefaultsPageOrStartsItsOwnFromScratch() throws Exception {
        Model m = bind(DEFAULTS.replace("mode http\n", "mode http\n    stats auth a:b\n    stats uri /d\n") + """
                listen inherits
                    bind 127.0.0.1:1
                listen own
                    bind 127.0.0.1:2
                    stats hide-version
                """);
        assertThat(stats(m, "inherits").uri()).isEqualTo("/d");
        assertThat(stats(m, "inherits").users()).hasSize(1);
        // Verified on HAProxy 2.6.12: the first own 'stats' line detaches from the defaults' settings.
        assertThat(stats(m, "own").uri()).isEqualTo("/haproxy?stats");
        assertThat(stats(m, "own").users()).isEmpty();
        assertThat(stats(m, "own").hideVersion()).isTrue();
    }

    @Test
    void tcpModeProxiesIgnoreStatsWithHaproxysWarning() throws Exception {
        Model m = bind(DEFAULTS + """
                listen t
                    mode tcp
                    bind 127.0.0.1:1
                    stats enable
                """);
        assertThat(stats(m, "t")).isNull();
        assertThat(m.warnings()).anySatisfy(w -> assertThat(w).isEqualTo(
                "t.cfg:6: 'stats' statement ignored for listen 't' as it requires HTTP mode"));
    }

    @Test
    void mistakesAreReportedWithTheirLine() {
        String px = "listen x\n    bind 127.0.0.1:1\n";
        assertThat(error(px + "    stats\n")).contains("t.cfg:8: missing keyword in 'stats', expects 'admin'");
        assertThat(error(px + "    stats realn X\n")).contains("t.cfg:8: unknown stats parameter 'realn'")
                .contains("did you mean 'realm'?");
        assertThat(error(px + "    stats uri\n")).contains("t.cfg:8: 'stats uri' expects a URI prefix");
        assertThat(error(px + "    stats auth nocolon\n")).contains("t.cfg:8: 'stats auth' expects 'user:password'");
        assertThat(error(px + "    stats refresh 5x\n")).contains("t.cfg:8: unexpected character 'x'");
        assertThat(error(px + "    stats show-node bad!name\n")).contains("t.cfg:8: 'stats show-node' invalid node");
        assertThat(error(px + "    stats admin TRUE\n")).contains("t.cfg:8: 'stats admin' requires either 'if' or "
                + "'unless'");
        assertThat(error(px + "    stats admin if nosuchacl\n")).contains("t.cfg:8: 'stats':");
        assertThat(error(px + "    stats http-request deny\n")).contains("t.cfg:8: 'stats http-request' is not "
                + "supported yet");
        assertThat(error(px + "    stats show-desc\n")).contains("t.cfg:8: 'stats show-desc' without a description");
        assertThat(error(px + "    stats enable now\n")).contains("t.cfg:8:");
        assertThat(error("    stats admin if TRUE\n" + px)).contains("t.cfg:6: 'stats admin' is not allowed in a "
                + "'defaults' section");
    }
}
