package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quoting, escaping, variables and line structure, following HAProxy's manual sections 2.2 and 2.3. */
class LineLexerTest {

    private static List<String> words(String line) throws ConfigException {
        return words(line, Map.of());
    }

    private static List<String> words(String line, Map<String, String> env) throws ConfigException {
        List<LineLexer.LexedLine> lines = lines(line, env);
        assertThat(lines).hasSize(1);
        return lines.get(0).words();
    }

    private static List<LineLexer.LexedLine> lines(String text) throws ConfigException {
        return lines(text, Map.of());
    }

    private static List<LineLexer.LexedLine> lines(String text, Map<String, String> env) throws ConfigException {
        LineLexer lexer = new LineLexer(text, "t.cfg", env::get, () -> "web");
        List<LineLexer.LexedLine> result = new ArrayList<>();
        for (LineLexer.LexedLine line = lexer.next(); line != null; line = lexer.next()) {
            result.add(line);
        }
        return result;
    }

    private static void assertFails(String text, String message) {
        assertThatThrownBy(() -> lines(text)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void spacesAndTabsSeparateWords() throws Exception {
        assertThat(words("  server\tweb01   10.0.0.1:80 \t check  ")).containsExactly("server", "web01", "10.0.0.1:80", "check");
    }

    @Test
    void blankAndCommentLinesProduceNothingButCountForLineNumbers() throws Exception {
        List<LineLexer.LexedLine> lines = lines("\n# comment\n   \n\t# indented comment\nmode tcp # trailing\n\nbind :80#no space\n");
        assertThat(lines).extracting(LineLexer.LexedLine::line).containsExactly(5, 7);
        assertThat(lines.get(0).words()).containsExactly("mode", "tcp");
        assertThat(lines.get(1).words()).containsExactly("bind", ":80");
    }

    @Test
    void hashIsLiteralWhenEscapedOrQuoted() throws Exception {
        assertThat(words("a \\#b \"#c\" '#d' e#f")).containsExactly("a", "#b", "#c", "#d", "e");
    }

    @Test
    void backslashEscapesGiveTheCharacter() throws Exception {
        assertThat(words("realm HAProxy\\ Statistics")).containsExactly("realm", "HAProxy Statistics");
        assertThat(words("a\\\\b \\'q\\' \\\"d\\\" tab\\\tx")).containsExactly("a\\b", "'q'", "\"d\"", "tab\tx");
    }

    @Test
    void controlAndHexEscapes() throws Exception {
        assertThat(words("x a\\r\\nb\\tc \\x41\\x0a\\x7e\\x2F")).containsExactly("x", "a\r\nb\tc", "A\n~/");
        assertThat(words("x \"q\\x20q\\n\"")).containsExactly("x", "q q\n");
    }

    @Test
    void hexEscapeNeedsTwoHexDigits() {
        assertFails("global\nx ab\\x4g\n", "t.cfg:2: invalid escape '\\x4g': \\x must be followed by two hex digits, as in \\x0a");
        assertFails("x \\x4", "t.cfg:1: invalid escape '\\x4': \\x must be followed by two hex digits, as in \\x0a");
    }

    @Test
    void unknownEscapesKeepTheBackslashLikeHAProxy() throws Exception {
        // Regex back-references and escaped regex metacharacters must survive the top level untouched.
        assertThat(words("rep ^([^\\ :]*)\\ /static/(.*) \\1\\ /\\2 a\\.b")).containsExactly("rep", "^([^ :]*) /static/(.*)", "\\1 /\\2", "a\\.b");
        assertThat(words("path_reg ^/x\\$ \"cost\\$\"")).containsExactly("path_reg", "^/x\\$", "cost$");
    }

    @Test
    void singleQuotesAreLiteral() throws Exception {
        assertThat(words("x '\\n $HOME ${X} \"d\" # '", Map.of("HOME", "/h", "X", "x")))
                .containsExactly("x", "\\n $HOME ${X} \"d\" # ");
    }

    @Test
    void doubleQuotesKeepSpacesQuotesAndHashButHonourEscapes() throws Exception {
        assertThat(words("x \"a  b 'c' #d \\\" \\\\ \\t\"")).containsExactly("x", "a  b 'c' #d \" \\ \t");
    }

    @Test
    void adjacentPartsJoinIntoOneWord() throws Exception {
        assertThat(words("\"a b\"c d'e f'\"g\"h")).containsExactly("a bc", "de fgh");
    }

    @Test
    void manualLogFormatExamplesAreAllEquivalent() throws Exception {
        String expected = "%{+Q}o %t %s %{-Q}r";
        for (String line : List.of(
                "log-format %{+Q}o\\ %t\\ %s\\ %{-Q}r",
                "log-format \"%{+Q}o %t %s %{-Q}r\"",
                "log-format '%{+Q}o %t %s %{-Q}r'",
                "log-format \"%{+Q}o %t\"' %s %{-Q}r'",
                "log-format \"%{+Q}o %t\"' %s'\\ %{-Q}r")) {
            assertThat(words(line)).as(line).containsExactly("log-format", expected);
        }
    }

    @Test
    void emptyQuotesAreEmptyWords() throws Exception {
        assertThat(words("a \"\" '' b \"\"")).containsExactly("a", "", "", "b", "");
    }

    @Test
    void unterminatedQuotesAreErrorsOnTheirLine() {
        assertFails("global\n  x \"abc\n  y\n", "t.cfg:2: unterminated double quote");
        assertFails("a\n\nb 'abc", "t.cfg:3: unterminated single quote");
    }

    @Test
    void variablesExpandInsideDoubleQuotes() throws Exception {
        Map<String, String> env = Map.of("FD_APP1", "3", "HAPROXY_USER", "hap", "HOST", "10.0.0.1", "EMPTY", "");
        assertThat(words("bind \"fd@${FD_APP1}\" user \"$HAPROXY_USER\" \"$HOST:80\" \"${HOST}0\"", env))
                .containsExactly("bind", "fd@3", "user", "hap", "10.0.0.1:80", "10.0.0.10");
        assertThat(words("log \"${LOCAL_SYSLOG-127.0.0.1}:514\" \"${EMPTY-default}\" \"[${UNSET}]\"", env))
                .containsExactly("log", "127.0.0.1:514", "", "[]");
    }

    @Test
    void variablesOutsideDoubleQuotesAreLiteral() throws Exception {
        assertThat(words("x ${HOST} $HOST '$HOST'", Map.of("HOST", "h"))).containsExactly("x", "${HOST}", "$HOST", "$HOST");
    }

    @Test
    void unsetVariablesExpandToNothingAndAreReported() throws Exception {
        LineLexer.LexedLine line = lines("x \"a${NOPE}b\" \"$ALSO_NOPE\" \"${SET}\"", Map.of("SET", "s")).get(0);
        assertThat(line.words()).containsExactly("x", "ab", "", "s");
        assertThat(line.unsetVariables()).containsExactly("NOPE", "ALSO_NOPE");
    }

    @Test
    void starSuffixSplitsAVariableIntoWords() throws Exception {
        Map<String, String> env = Map.of("ADDRS", "a:1  b:2\tc:3");
        assertThat(words("server-template \"${ADDRS[*]}\" end", env)).containsExactly("server-template", "a:1", "b:2", "c:3", "end");
        assertThat(words("x \"<${ADDRS[*]}>\"", env)).containsExactly("x", "<a:1", "b:2", "c:3>");
        assertThat(words("x \"${ADDRS}\"", env)).containsExactly("x", "a:1  b:2\tc:3");
    }

    @Test
    void pseudoVariables() throws Exception {
        List<LineLexer.LexedLine> lines = lines("\n\nx \"${.FILE}:${.LINE}\" \"$.SECTION\"\n");
        assertThat(lines.get(0).words()).containsExactly("x", "t.cfg:3", "web");
        assertFails("x \"${.NOPE}\"", "t.cfg:1: unknown pseudo-variable '.NOPE' (known ones are .FILE, .LINE and .SECTION)");
    }

    @Test
    void malformedVariablesAreErrors() {
        String noName = "'$' inside double quotes must start a variable name (a letter, '_' or '.'); write \\$ for a literal dollar";
        assertFails("x\ny \"cost $5\"", "t.cfg:2: " + noName);
        assertFails("y \"a$\"", "t.cfg:1: " + noName);
        assertFails("y \"${1X}\"", "t.cfg:1: " + noName);
        assertFails("y \"${X\"", "t.cfg:1: unmatched '{' in '${X\"'");
        assertFails("y \"${X-abc\"", "t.cfg:1: unmatched '{' in '${X-abc\"'");
        assertFails("y \"${X[1]}\"", "t.cfg:1: in '${X[1]' only '[*]' may follow a variable name");
    }

    @Test
    void trailingBackslashContinuesTheStatement() throws Exception {
        List<LineLexer.LexedLine> lines = lines("bind :443 ssl \\\n    crt x.pem\\\n\tciphers A:B\nmode http\n");
        assertThat(lines.get(0).line()).isEqualTo(1);
        assertThat(lines.get(0).words()).containsExactly("bind", ":443", "ssl", "crt", "x.pem", "ciphers", "A:B");
        assertThat(lines.get(1).line()).isEqualTo(4);
        assertThat(lines.get(1).words()).containsExactly("mode", "http");
    }

    @Test
    void continuationEdgeCases() throws Exception {
        // An escaped backslash is not a continuation; nor is a backslash inside a comment.
        assertThat(lines("a b\\\\\nc\n# note \\\nd")).extracting(LineLexer.LexedLine::words)
                .containsExactly(List.of("a", "b\\"), List.of("c"), List.of("d"));
        // A backslash before a space escapes the space, so the line ends there.
        assertThat(lines("a b\\ \nc")).extracting(LineLexer.LexedLine::words).containsExactly(List.of("a", "b "), List.of("c"));
        // Continuation at the end of the text, and onto a comment line, simply ends the statement.
        assertThat(lines("a \\")).extracting(LineLexer.LexedLine::words).containsExactly(List.of("a"));
        assertThat(lines("a \\\n  # c\nb")).extracting(LineLexer.LexedLine::words).containsExactly(List.of("a"), List.of("b"));
        // Words do not join across a continuation.
        assertThat(words("ab\\\ncd")).containsExactly("ab", "cd");
        // Inside double quotes a trailing backslash does not continue.
        assertFails("x \"abc\\\ndef\"", "t.cfg:1: unterminated double quote");
    }

    @Test
    void crlfLineEndingsAreAccepted() throws Exception {
        List<LineLexer.LexedLine> lines = lines("global\r\n  log \"a b\"\r\n  bind :1 \\\r\n    ssl\r\n\r\nmode tcp");
        assertThat(lines).extracting(LineLexer.LexedLine::line).containsExactly(1, 2, 3, 6);
        assertThat(lines).extracting(LineLexer.LexedLine::words).containsExactly(
                List.of("global"), List.of("log", "a b"), List.of("bind", ":1", "ssl"), List.of("mode", "tcp"));
    }

    @Test
    void nulCharacterIsAnError() {
        assertFails("global\n  daemon\n  mo\0de tcp\n", "t.cfg:3: NUL character at column 5; a configuration file is text");
    }

    @Test
    void linesLongerThan64KiBAreErrors() throws Exception {
        String fits = "x " + "a".repeat(LineLexer.MAX_LINE_LENGTH - 2);
        assertThat(words(fits).get(1)).hasSize(LineLexer.MAX_LINE_LENGTH - 2);
        assertFails("global\n" + fits + "a\n", "t.cfg:2: line is 65537 characters long; the limit is 65536");
    }
}
