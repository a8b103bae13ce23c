package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code .if}/{@code .elif}/{@code .else}/{@code .endif} and the message directives (manual section 2.4). */
class ConditionalBlocksTest {
    private static final Function<String, String> NO_ENV = name -> null;

    private static ConfigFile parse(String text) throws ConfigException {
        return ConfigParser.parse(text, "haproxy.cfg", NO_ENV);
    }

    private static ConfigFile parse(String text, Map<String, String> env) throws ConfigException {
        return ConfigParser.parse(text, "haproxy.cfg", env::get);
    }

    private static void assertFails(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    /** Each section as "line type args" followed by its lines as "line: words joined by |". */
    private static List<String> outline(ConfigFile config) {
        List<String> out = new ArrayList<>();
        for (Section section : config.sections()) {
            out.add(section.position().line() + " " + section.type() + (section.args().isEmpty() ? "" : " " + String.join(" ", section.args())));
            for (ConfigLine line : section.lines()) {
                out.add("  " + line.position().line() + ": " + String.join("|", line.words()));
            }
        }
        return out;
    }

    @Test
    void ifElseSelectsLinesByDefinedVariable() throws Exception {
        String text = """
                global
                .if defined(TESTING)
                    log stdout local0
                .else
                    log /dev/log local0
                .endif
                    daemon
                """;
        assertThat(outline(parse(text, Map.of("TESTING", "")))).containsExactly("1 global", "  3: log|stdout|local0", "  7: daemon");
        assertThat(outline(parse(text))).containsExactly("1 global", "  5: log|/dev/log|local0", "  7: daemon");
    }

    @Test
    void conditionsCanHideWholeSections() throws Exception {
        String text = """
                frontend stats
                .if streq("$ENV",prod)
                frontend producty
                  bind :80
                .elif streq("$ENV",test)
                frontend testy
                  bind :81
                .endif
                backend b
                """;
        assertThat(outline(parse(text, Map.of("ENV", "prod")))).containsExactly("1 frontend stats", "3 frontend producty", "  4: bind|:80", "9 backend b");
        assertThat(outline(parse(text, Map.of("ENV", "test")))).containsExactly("1 frontend stats", "6 frontend testy", "  7: bind|:81", "9 backend b");
        assertThat(outline(parse(text))).containsExactly("1 frontend stats", "9 backend b");
    }

    @Test
    void nestedElifChainTakesOnlyTheFirstTrueBranch() throws Exception {
        String text = """
                global
                .if "${A}"
                  .if "${B}"
                    x b
                  .elif "${C}"
                    x c
                  .elif 1
                    x one
                  .else
                    x else
                  .endif
                .else
                  .if 1
                    x shown-when-notA
                  .else
                    x never
                  .endif
                  x notA
                .endif
                """;
        assertThat(lineWords(parse(text, Map.of("A", "1", "B", "1", "C", "1")))).containsExactly("x b");
        assertThat(lineWords(parse(text, Map.of("A", "1", "B", "0", "C", "1")))).containsExactly("x c");
        assertThat(lineWords(parse(text, Map.of("A", "1", "B", "0", "C", "")))).containsExactly("x one");
        assertThat(lineWords(parse(text, Map.of("A", "0")))).containsExactly("x shown-when-notA", "x notA");
    }

    private static List<String> lineWords(ConfigFile config) {
        return config.sections().stream().flatMap(s -> s.lines().stream()).map(l -> String.join(" ", l.words())).toList();
    }

    @Test
    void conditionOperatorsAndPredicates() throws Exception {
        assertThat(condition("1")).isTrue();
        assertThat(condition("0")).isFalse();
        assertThat(condition("\"\"")).isFalse();
        assertThat(condition("!0")).isTrue();
        assertThat(condition("!defined(HOME)")).isFalse();
        assertThat(condition("defined(NOPE)")).isFalse();
        assertThat(condition("feature(OPENSSL)")).isFalse();
        assertThat(condition("!feature(OPENSSL)")).isTrue();
        assertThat(condition("streq(\"$HOME\",/root)")).isTrue();
        assertThat(condition("strneq(\"$HOME\",/root)")).isFalse();
        assertThat(condition("strstr(abcdef,cd)")).isTrue();
        assertThat(condition("1 && 0 || 1 && 1")).isTrue();
        assertThat(condition("1 && (0 || 0)")).isFalse();
        assertThat(condition("feature(OPENSSL) && (streq(\"$HOME\",/root) || 1)")).isFalse();
        assertThat(condition("version_atleast(2.4-dev19)")).isTrue();
        assertThat(condition("version_atleast(2.6)")).isTrue();
        assertThat(condition("version_atleast(2.6-dev3)")).isTrue();
        assertThat(condition("version_atleast(2.6.1)")).isFalse();
        assertThat(condition("version_atleast(3.0)")).isFalse();
        assertThat(condition("version_before(2.7)")).isTrue();
        assertThat(condition("version_before(2.6)")).isFalse();
        assertThat(condition("version_before(2.5.9)")).isFalse();
    }

    private static boolean condition(String expression) throws ConfigException {
        ConfigFile config = parse("global\n.if " + expression + "\n  yes\n.endif\n", Map.of("HOME", "/root"));
        return !config.sections().get(0).lines().isEmpty();
    }

    @Test
    void badConditionsAreErrorsAtTheirLine() {
        assertFails("global\n.if nosuch(x)\n.endif\n", "haproxy.cfg:2: in condition 'nosuch(x)': unknown predicate 'nosuch'"
                + " (known: defined, feature, enabled, streq, strneq, strstr, version_atleast, version_before)");
        assertFails("global\n\n.if streq(a)\n.endif\n", "haproxy.cfg:3: in condition 'streq(a)': 'streq' takes 2 arguments but got 1");
        assertFails("global\n.if (1\n.endif\n", "haproxy.cfg:2: in condition '(1': missing ')'");
        assertFails("global\n.if yes\n.endif\n", "haproxy.cfg:2: in condition 'yes': 'yes' is neither an integer nor a predicate followed by '('");
        assertFails("global\n.if version_atleast(two)\n.endif\n", "haproxy.cfg:2: in condition 'version_atleast(two)': invalid version 'two'");
    }

    @Test
    void unbalancedBlocksAreErrors() {
        assertFails("global\n.if 1\n  daemon\n.if 0\n.endif\n", "haproxy.cfg:2: '.if' is not closed by a matching '.endif' before the end of the file");
        assertFails("global\n  daemon\n.endif\n", "haproxy.cfg:3: '.endif' without a matching '.if'");
        assertFails("global\n.else\n", "haproxy.cfg:2: '.else' without a matching '.if'");
        assertFails("global\n.if 1\n.else\n.else\n.endif\n", "haproxy.cfg:4: second '.else' for the '.if' at haproxy.cfg:2");
        assertFails("global\n.if 1\n.else\n.elif 1\n.endif\n", "haproxy.cfg:4: '.elif' after '.else' (the '.if' is at haproxy.cfg:2)");
        assertFails("global\n.if 1\n.endif 1\n", "haproxy.cfg:3: '.endif' takes no argument but got '1'");
        assertFails("global\n.iff 1\n", "haproxy.cfg:2: unknown directive '.iff' (known: .if, .elif, .else, .endif, .diag, .notice, .warning, .alert)");
    }

    @Test
    void alertFailsOnlyWhenActive() throws Exception {
        assertFails("global\n.if !feature(OPENSSL)\n  .alert \"SSL support is mandatory\"\n.endif\n", "haproxy.cfg:3: SSL support is mandatory");
        assertThat(outline(parse("global\n.if 0\n  .alert \"never\"\n.endif\n  daemon\n"))).containsExactly("1 global", "  5: daemon");
    }

    @Test
    void noticesWarningsAndUnsetVariablesGoToDiagnostics() throws Exception {
        List<String> diagnostics = new ArrayList<>();
        ConfigFile config = ConfigParser.parse("""
                global
                .notice "A=1, B=0"
                  .warning "careful"
                .if 0
                  .warning "hidden"
                  log "${HIDDEN}"
                .endif
                  .diag "WTA: switch to return"
                  log "${LOG_HOST}:514" local0
                """, "h.cfg", NO_ENV, diagnostics::add);
        assertThat(diagnostics).containsExactly(
                "h.cfg:2: notice: A=1, B=0",
                "h.cfg:3: warning: careful",
                "h.cfg:8: diag: WTA: switch to return",
                "h.cfg:9: notice: environment variable 'LOG_HOST' is not set, so it expands to nothing");
        assertThat(outline(config)).containsExactly("1 global", "  9: log|:514|local0");
    }
}
