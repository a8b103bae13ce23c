package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Command lookup and HAProxy's help / "Unknown command" texts. */
class CommandTableTest {
    private static CliCommand c(String words, String usage) {
        return CliCommand.of(words, usage, (a, s) -> words);
    }

    private final CommandTable table = new CommandTable(List.of(
            c("show stat", "show stat [desc|json|no-maint|typed|up]*: report counters for each proxy and server"),
            c("show info", "show info [desc|json|typed|float]*      : report information about the running process"),
            c("show servers state", "show servers state [<backend>]          : dump volatile server information (all or for a single backend)"),
            c("set server", "set server <bk>/<srv> [opts]            : change a server's state, weight, address or ssl"),
            c("set weight", "set weight <bk>/<srv>  (DEPRECATED)     : change a server's weight (use 'set server' instead)"),
            c("get weight", "get weight <bk>/<srv>                   : report a server's current weight"),
            c("prompt", null)), List.of("show table", "add map"));

    @Test
    void theFirstCommandWhoseWordsStartTheRequestIsFound() {
        assertThat(table.find(List.of("show", "servers", "state", "be")).words())
                .containsExactly("show", "servers", "state");
        assertThat(table.find(List.of("show", "servers"))).isNull();
        assertThat(table.find(List.of("show", "stats"))).isNull();
        assertThat(table.unsupported(List.of("show", "table", "t"))).isEqualTo("show table");
    }

    @Test
    void helpListsEveryCommandSortedByUsageThenTheFixedThree() {
        assertThat(table.usage(List.of("help"))).isEqualTo("The following commands are valid at this level:\n"
                + "  get weight <bk>/<srv>                   : report a server's current weight\n"
                + "  set server <bk>/<srv> [opts]            : change a server's state, weight, address or ssl\n"
                + "  set weight <bk>/<srv>  (DEPRECATED)     : change a server's weight (use 'set server' instead)\n"
                + "  show info [desc|json|typed|float]*      : report information about the running process\n"
                + "  show servers state [<backend>]          : dump volatile server information (all or for a single backend)\n"
                + "  show stat [desc|json|no-maint|typed|up]*: report counters for each proxy and server\n"
                + CommandTable.ALWAYS);
        assertThat(table.usage(List.of("help", "set"))).startsWith("The following commands are valid at this level:\n"
                + "  set server").doesNotContain("show stat");
    }

    @Test
    void aTypoAfterKnownWordsSuggestsTheClosestCommands() {
        assertThat(table.usage(List.of("show", "stats"))).isEqualTo(
                "Unknown command, but maybe one of the following ones is a better match:\n"
                        + "  show stat [desc|json|no-maint|typed|up]*: report counters for each proxy and server\n"
                        + CommandTable.ALWAYS);
        assertThat(table.usage(List.of("get", "wieght"))).contains("get weight").doesNotContain("show");
    }

    @Test
    void anEmptyRequestGetsTheWholeList() {
        assertThat(table.usage(List.of())).startsWith(
                "Unknown command. Please enter one of the following commands only:\n  get weight");
    }

    @Test
    void fingerprintsOfLookAlikeWordsAreClose() {
        Fingerprint stat = new Fingerprint().add("stat");
        assertThat(new Fingerprint().add("stats").distance(stat)).isLessThan(
                new Fingerprint().add("weight").distance(stat));
        assertThat(new Fingerprint().add("stat").distance(stat)).isZero();
    }
}
