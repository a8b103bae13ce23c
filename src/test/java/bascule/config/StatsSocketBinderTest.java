package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.Address;
import bascule.model.CliLevel;
import bascule.model.GlobalSpec;
import bascule.model.Model;
import bascule.model.StatsSocketSpec;
import org.junit.jupiter.api.Test;

/** {@code stats socket} and {@code stats timeout} in {@code global}. */
class StatsSocketBinderTest {
    private static Model bind(String global) throws ConfigErrors {
        return Instance.parse("global\n" + global + "\n", "t.cfg");
    }

    private static String error(String global) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> bind(global));
        assertThat(e).as("expected a configuration error").isNotNull();
        return e.getMessage();
    }

    @Test
    void socketsAreReadWithModeLevelAndExposeFd() throws Exception {
        Model m = bind("""
                stats socket /run/haproxy/admin.sock mode 660 level admin expose-fd listeners
                stats socket ipv4@127.0.0.1:9999 level user
                stats socket unix@/tmp/op.sock
                stats timeout 2m
                """);
        assertThat(m.global().statsSockets()).hasSize(3);
        StatsSocketSpec a = m.global().statsSockets().get(0);
        assertThat(a.address().family()).isEqualTo(Address.Family.UNIX);
        assertThat(a.address().path()).isEqualTo("/run/haproxy/admin.sock");
        assertThat(a.mode()).isEqualTo(0660);
        assertThat(a.level()).isEqualTo(CliLevel.ADMIN);
        assertThat(a.exposeFdListeners()).isTrue();
        StatsSocketSpec b = m.global().statsSockets().get(1);
        assertThat(b.address().family()).isEqualTo(Address.Family.INET4);
        assertThat(b.address().port()).isEqualTo(9999);
        assertThat(b.level()).isEqualTo(CliLevel.USER);
        assertThat(b.mode()).isEqualTo(-1);
        assertThat(m.global().statsSockets().get(2).level()).as("HAProxy's default level").isEqualTo(CliLevel.OPERATOR);
        assertThat(m.global().statsTimeout()).isEqualTo(120_000);
    }

    @Test
    void defaultsWithoutStatsLines() throws Exception {
        Model m = bind("maxconn 10");
        assertThat(m.global().statsSockets()).isEmpty();
        assertThat(m.global().statsTimeout()).isEqualTo(GlobalSpec.DEFAULT_STATS_TIMEOUT).isEqualTo(10_000);
    }

    @Test
    void mistakesAreReportedWithTheirLine() {
        assertThat(error("stats socket")).contains("t.cfg:2: 'stats socket' in global section expects an address "
                + "or a path to a UNIX socket");
        assertThat(error("stats socket /a level root")).contains(
                "t.cfg:2: 'stats socket' : 'level' only supports 'user', 'operator', and 'admin' (got 'root')");
        assertThat(error("stats socket /a expose-fd all")).contains(
                "'expose-fd' only supports 'listeners' (got 'all')");
        assertThat(error("stats socket /a mode 9z")).contains("'mode' expects an octal permission such as 660 but got '9z'");
        assertThat(error("stats socket /a leve admin")).contains("unknown keyword 'leve' (did you mean 'level'?)");
        assertThat(error("stats socket /a user haproxy")).contains("'stats socket' option 'user' is not supported yet");
        assertThat(error("stats socket ipv4@127.0.0.1:80 mode 600")).contains("'mode' only applies to UNIX sockets");
        assertThat(error("stats timeout 0")).contains("'stats timeout' expects a positive value");
        assertThat(error("stats timeout 5x")).contains("unknown time unit 'x'");
    }

    @Test
    void otherStatsWordsInGlobalRemainLaterFeatures() {
        assertThat(error("stats maxconn 10")).contains("t.cfg:2: 'stats maxconn' is not supported yet: it arrives with "
                + "logging, stats and the runtime API");
        assertThat(error("stats")).contains("t.cfg:2: 'stats' is not supported yet");
    }
}
