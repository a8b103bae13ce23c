package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every configuration block of the seed documents (src/test/resources/seeds, copied from ../shared/seeds)
 * either loads cleanly or is refused with a precise "not supported yet" error naming the later feature.
 */
class SeedConfigTest {
    private static Path seed(String name) {
        return Path.of("src/test/resources/seeds", name);
    }

    @ParameterizedTest
    @CsvSource({"001-pgsql.cfg", "003-tcp-service.cfg", "002-api-servers.cfg", "002-session-servers.cfg",
            "002-limits.cfg", "002-db-proxy.cfg", "002-app-pool.cfg", "002-stats.cfg"})
    void tcpSeedsLoad(String file) throws Exception {
        Model m = Instance.load(List.of(seed(file)));
        assertThat(m.proxies()).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "002-base.cfg            | 002-base.cfg:26: bind option 'ssl' is not supported yet: it arrives with TLS termination",
            "002-https-router.cfg    | 002-https-router.cfg:2: bind option 'ssl' is not supported yet: it arrives with TLS termination",
            "002-sticky-app.cfg      | 002-sticky-app.cfg:4: 'stick-table' is not supported yet: it arrives with stick tables",
            "002-ratelimit.cfg       | 002-ratelimit.cfg:3: 'stick-table' is not supported yet: it arrives with stick tables",
            "002-tls.cfg             | 002-tls.cfg:2: bind option 'ssl' is not supported yet: it arrives with TLS termination"})
    void laterFeatureSeedsAreRefusedPrecisely(String file, String expectedFirstError) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> Instance.load(List.of(seed(file))));
        assertThat(e).as(file).isNotNull();
        assertThat(e.errors().get(0).getMessage()).startsWith("src/test/resources/seeds/" + expectedFirstError);
        // Snippets name backends that live in other snippets of the document; nothing else may fail.
        assertThat(e.errors()).allSatisfy(x -> assertThat(x.getMessage()).containsAnyOf("not supported",
                "which does not exist"));
    }

    @Test
    void baseSeedAcceptsItsHttpModeLines() {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class,
                () -> Instance.load(List.of(seed("002-base.cfg"))));
        // Only a later feature remains: TLS (line 26).
        assertThat(e.errors()).isNotEmpty().allSatisfy(x -> assertThat(x.getMessage())
                .matches("(?s).*002-base\\.cfg:26: .*"));
    }

    @Test
    void loggingSeedLoadsWithItsFormat() throws Exception {
        // The seed's logging block is a global and a defaults section: a frontend built on it logs with the
        // seed's log-format, through the global target.
        String seed = java.nio.file.Files.readString(seed("002-logging.cfg"));
        Model m = Instance.parse(seed + "frontend web\n    mode http\n    bind 127.0.0.1:0\n", "002-logging.cfg");
        bascule.model.LogSpec log = m.proxies().get(0).log();
        assertThat(log.targets()).singleElement().satisfies(t -> {
            assertThat(t.host()).isEqualTo("127.0.0.1");
            assertThat(t.port()).isEqualTo(514);
            assertThat(t.maxLevel()).isEqualTo(6);
        });
        assertThat(log.format().source()).isEqualTo("%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc "
                + "%ac/%fc/%bc/%sc/%rc %{+Q}r");
    }

    @Test
    void seedStatsSocketLineBinds() throws Exception {
        Model m = Instance.parse("""
                global
                stats socket /var/run/haproxy/admin.sock mode 660 level admin
                """, "seed.cfg");
        assertThat(m.global().statsSockets()).singleElement().satisfies(s -> {
            assertThat(s.address().path()).isEqualTo("/var/run/haproxy/admin.sock");
            assertThat(s.mode()).isEqualTo(0660);
            assertThat(s.level()).isEqualTo(bascule.model.CliLevel.ADMIN);
        });
    }

    @Test
    void seed003GlobalLogTargetsAreBound() throws Exception {
        Model m = Instance.load(List.of(seed("003-tcp-service.cfg")));
        assertThat(m.global().daemon()).isTrue();
        assertThat(m.global().logs()).extracting(t -> t.path() + " " + t.facility() + " " + t.maxLevel())
                .containsExactly("/dev/log 16 7", "/dev/log 17 5");
    }
}
