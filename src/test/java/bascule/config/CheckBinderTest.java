package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.CheckKind;
import bascule.model.CheckRule;
import bascule.model.CommentRule;
import bascule.model.ConnectRule;
import bascule.model.ExpectReport;
import bascule.model.ExpectRule;
import bascule.model.HealthCheckSpec;
import bascule.model.HttpExpectRule;
import bascule.model.HttpSendRule;
import bascule.model.Model;
import bascule.model.SendRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Binding check options and tcp-check / http-check lines: the scripts they make, and precise errors. */
class CheckBinderTest {
    /** Six lines, so that the first line passed to {@link #backend} is line 7. */
    private static final String HEADER = """
            defaults
                mode tcp
                timeout connect 1s
                timeout client 1s
                timeout server 1s
            backend b
            """;

    private static String backend(String lines) {
        return HEADER + lines + "    server s 127.0.0.1:1 check\n";
    }

    private static HealthCheckSpec check(String lines) throws ConfigErrors {
        return check(Instance.parse(backend(lines), "t.cfg"), "b");
    }

    private static HealthCheckSpec check(Model m, String backend) {
        return m.proxies().stream().filter(p -> p.name().equals(backend)).findFirst().orElseThrow().healthCheck();
    }

    private static String error(String text) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> Instance.parse(text, "t.cfg"));
        assertThat(e).as("expected a configuration error").isNotNull();
        assertThat(e.errors()).hasSize(1);
        return e.getMessage();
    }

    private static String lineError(String lines) {
        return error(backend(lines));
    }

    @Test
    void legacyHostTrickOfTheSeedBecomesARequestWithAHostHeader() throws Exception {
        HealthCheckSpec spec = check("""
                    option httpchk GET /healthz HTTP/1.1\\r\\nHost:\\ solvethenetwork.com
                    http-check expect status 200
                """);
        assertThat(spec.kind()).isEqualTo(CheckKind.HTTP);
        assertThat(spec.rules()).hasSize(3);
        assertThat(spec.rules().get(0)).isEqualTo(ConnectRule.implicitAt(spec.position()));
        HttpSendRule send = (HttpSendRule) spec.rules().get(1);
        assertThat(List.of(send.effectiveMethod(), send.effectiveUri(), send.effectiveVersion()))
                .containsExactly("GET", "/healthz", "HTTP/1.1");
        assertThat(send.headers()).containsExactly(new HttpSendRule.Header("Host", "solvethenetwork.com"));
        assertThat(send.body()).isNull();
        HttpExpectRule expect = (HttpExpectRule) spec.rules().get(2);
        assertThat(expect.match()).isEqualTo(HttpExpectRule.Match.STATUS);
        assertThat(expect.codes()).containsExactly(new HttpExpectRule.StatusRange(200, 200));
        assertThat(expect.position().line()).isEqualTo(8);
    }

    @Test
    void rstringOfTheSeedIsCompiledAtLoad() throws Exception {
        HealthCheckSpec spec = check("""
                    option httpchk GET /api/health HTTP/1.1\\r\\nHost:\\ solvethenetwork.com
                    http-check expect rstring "\\"status\\":\\"ok\\""
                """);
        HttpExpectRule expect = (HttpExpectRule) spec.rules().get(2);
        assertThat(expect.match()).isEqualTo(HttpExpectRule.Match.RSTRING);
        assertThat(expect.regex().pattern()).isEqualTo("\"status\":\"ok\"");
        assertThat(expect.regex().matcher("{\"status\":\"ok\"}").find()).isTrue();
    }

    @Test
    void optionTcpCheckAloneIsAConnectOnlyScriptInALeastconnBackend() throws Exception {
        HealthCheckSpec spec = check("""
                    balance leastconn
                    option tcp-check
                """);
        assertThat(spec.kind()).isEqualTo(CheckKind.TCP_CHECK);
        assertThat(spec.rules()).singleElement().isEqualTo(ConnectRule.implicitAt(spec.position()));
        assertThat(spec.position().line()).isEqualTo(8);
    }

    @Test
    void bareHttpchkSendsOptionsAndAcceptsAny2xxOr3xx() throws Exception {
        HealthCheckSpec spec = check("    option httpchk\n");
        HttpSendRule send = (HttpSendRule) spec.rules().get(1);
        assertThat(send.effectiveMethod() + " " + send.effectiveUri() + " " + send.effectiveVersion())
                .isEqualTo("OPTIONS / HTTP/1.0");
        HttpExpectRule expect = (HttpExpectRule) spec.rules().get(2);
        assertThat(expect.codes()).containsExactly(new HttpExpectRule.StatusRange(200, 399));
        assertThat(check("    option httpchk /ping\n").rules().get(1)).extracting("method", "uri")
                .containsExactly(null, "/ping");
    }

    @Test
    void legacyTrickCanCarrySeveralHeadersAndABody() throws Exception {
        HttpSendRule send = (HttpSendRule) check(
                "    option httpchk POST /x HTTP/1.1\\r\\nX-A:\\ 1\\r\\nX-B:\\ two\\r\\n\\r\\nthe-body\n").rules().get(1);
        assertThat(send.version()).isEqualTo("HTTP/1.1");
        assertThat(send.headers()).containsExactly(new HttpSendRule.Header("X-A", "1"),
                new HttpSendRule.Header("X-B", "two"));
        assertThat(send.body()).isEqualTo("the-body");
    }

    @Test
    void httpCheckSendMergesWithTheOptionTheLaterLineWinning() throws Exception {
        HttpSendRule later = (HttpSendRule) check("""
                    option httpchk HEAD /z HTTP/1.1\\r\\nX-Old:\\ 1
                    http-check send hdr Host h.example body hi
                """).rules().get(1);
        assertThat(List.of(later.method(), later.uri(), later.version(), later.body()))
                .containsExactly("HEAD", "/z", "HTTP/1.1", "hi");
        assertThat(later.headers()).containsExactly(new HttpSendRule.Header("Host", "h.example"));

        HttpSendRule earlier = (HttpSendRule) check("""
                    http-check send meth GET uri /x ver HTTP/1.1 hdr Host example.com
                    option httpchk /from-option
                """).rules().get(1);
        assertThat(List.of(earlier.method(), earlier.uri(), earlier.version()))
                .containsExactly("GET", "/from-option", "HTTP/1.1");
        assertThat(earlier.headers()).isEmpty();
    }

    @Test
    void http22StyleSequencesKeepTheirOrderAndGetAnImplicitExpect() throws Exception {
        HealthCheckSpec spec = check("""
                    option httpchk
                    http-check connect port 8080 comment first
                    http-check send meth GET uri /a ver HTTP/1.1
                    http-check expect ! status 500-599,404
                    http-check connect
                    http-check send meth GET uri /b
                """);
        assertThat(spec.rules()).extracting(r -> r.getClass().getSimpleName()).containsExactly("ConnectRule",
                "HttpSendRule", "HttpExpectRule", "ConnectRule", "HttpSendRule", "HttpExpectRule");
        assertThat(((ConnectRule) spec.rules().get(0)).port()).isEqualTo(8080);
        HttpExpectRule negated = (HttpExpectRule) spec.rules().get(2);
        assertThat(negated.inverse()).isTrue();
        assertThat(negated.codes()).containsExactly(new HttpExpectRule.StatusRange(500, 599),
                new HttpExpectRule.StatusRange(404, 404));
        assertThat(((HttpExpectRule) spec.rules().get(5)).codes())
                .containsExactly(new HttpExpectRule.StatusRange(200, 399));
    }

    @Test
    void tcpCheckScriptKeepsCommentsAsStepsAndHandsTheirTextOn() throws Exception {
        HealthCheckSpec spec = check("""
                    option tcp-check
                    tcp-check comment "say hello"
                    tcp-check send PING\\r\\n
                    tcp-check send-binary 0d0a
                    tcp-check expect string +PONG comment "pong please"
                    tcp-check expect ! rstring ^-ERR min-recv 4 error-status L7STS tout-status L6TOUT
                    tcp-check expect rbinary 2B504F on-success "all good" on-error "100%% wrong" ok-status L6OK
                    tcp-check expect binary 0D0A
                """);
        List<CheckRule> r = spec.rules();
        assertThat(r).hasSize(8);
        assertThat(r.get(0)).isEqualTo(ConnectRule.implicitAt(spec.position()));
        assertThat(r.get(1)).isInstanceOf(CommentRule.class);
        SendRule ping = (SendRule) r.get(2);
        assertThat(new String(ping.data(), StandardCharsets.ISO_8859_1)).isEqualTo("PING\r\n");
        assertThat(ping.comment()).isEqualTo("say hello");
        assertThat(((SendRule) r.get(3)).data()).containsExactly(0x0d, 0x0a);
        assertThat(r.get(3).comment()).isEqualTo("say hello"); // same kind of step right after: HAProxy's rule
        ExpectRule pong = (ExpectRule) r.get(4);
        assertThat(pong.comment()).isEqualTo("pong please");
        ExpectRule err = (ExpectRule) r.get(5);
        assertThat(err.inverse()).isTrue();
        assertThat(err.minRecv()).isEqualTo(4);
        assertThat(err.report()).isEqualTo(new ExpectReport(null, "L7STS", "L6TOUT", null, null));
        assertThat(err.comment()).isNull();
        ExpectRule hex = (ExpectRule) r.get(6);
        assertThat(hex.match()).isEqualTo(ExpectRule.Match.RBINARY);
        assertThat(hex.report()).isEqualTo(new ExpectReport("L6OK", null, null, "all good", "100% wrong"));
        assertThat(((ExpectRule) r.get(7)).data()).containsExactly(0x0d, 0x0a);
    }

    @Test
    void tcpCheckConnectOptions() throws Exception {
        HealthCheckSpec spec = check("""
                    option tcp-check
                    tcp-check connect port 6379 send-proxy linger default comment redis
                    tcp-check connect addr 127.0.0.2:8080
                """);
        assertThat(spec.rules()).containsExactly(
                new ConnectRule(6379, null, true, true, true, false, "redis", spec.rules().get(0).position()),
                new ConnectRule(8080, "127.0.0.2", false, false, false, false, null, spec.rules().get(1).position()));
    }

    @Test
    void sectionRulesReplaceThoseOfDefaultsAndInheritOtherwise() throws Exception {
        Model m = Instance.parse("""
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                    option tcp-check
                    tcp-check send A
                    tcp-check expect string B
                backend inherits
                    server s 127.0.0.1:1 check
                backend own
                    tcp-check send C
                    server s 127.0.0.1:1 check
                backend other
                    option redis-check
                    server s 127.0.0.1:1 check
                """, "t.cfg");
        assertThat(check(m, "inherits").rules()).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("ConnectRule", "SendRule", "ExpectRule");
        List<CheckRule> own = check(m, "own").rules();
        assertThat(own).hasSize(2);
        assertThat(new String(((SendRule) own.get(1)).data(), StandardCharsets.ISO_8859_1)).isEqualTo("C");
        assertThat(check(m, "other").kind()).isEqualTo(CheckKind.REDIS);
    }

    @Test
    void protocolChecksCarryTheirParameters() throws Exception {
        assertThat(check("    option mysql-check\n")).extracting("kind", "user", "mysqlPre41")
                .containsExactly(CheckKind.MYSQL, null, false);
        assertThat(check("    option mysql-check user haproxy pre-41\n")).extracting("user", "mysqlPre41")
                .containsExactly("haproxy", true);
        assertThat(check("    option mysql-check user haproxy post-41\n").mysqlPre41()).isFalse();
        assertThat(check("    option pgsql-check user checker\n")).extracting("kind", "user")
                .containsExactly(CheckKind.PGSQL, "checker");
        assertThat(check("    option redis-check\n").kind()).isEqualTo(CheckKind.REDIS);
        assertThat(check("    option smtpchk\n").smtpHello()).isEqualTo("HELO localhost");
        assertThat(check("    option smtpchk EHLO mail.example.com\n").smtpHello()).isEqualTo("EHLO mail.example.com");
        assertThat(check("    option smtpchk\n    option httpchk\n").kind()).isEqualTo(CheckKind.HTTP);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "no option httpchk | negation is not supported for 'option httpchk' (HAProxy refuses it too); set another "
                    + "check option, or leave the section without one for the plain connect check",
            "option redis-check x | 'option redis-check' takes no further argument but got 'x'",
            "option tcp-check x | 'option tcp-check' takes no further argument but got 'x'",
            "option pgsql-check | 'option pgsql-check' expects 'user <username>' as argument",
            "option pgsql-check login x | 'option pgsql-check' expects 'user <username>' as argument but got 'login'",
            "option mysql-check user | 'option mysql-check user' expects <username> as argument",
            "option mysql-check login x | `'option mysql-check' only supports the optional 'user <username> "
                    + "[post-41|pre-41]' but got 'login'`",
            "option mysql-check user u pre-42 | 'option mysql-check user u' only supports 'post-41' and 'pre-41' but "
                    + "got 'pre-42'",
            "option smtpchk EHLO | 'option smtpchk' expects 'EHLO <domain>' or 'HELO <domain>' (or nothing, for 'HELO "
                    + "localhost') but got 'EHLO'",
            "option httpchk a b c d | 'option httpchk' takes at most three arguments ([<method>] <uri> [<version>]) but "
                    + "got 'd'",
            "option httpchk GET / HTTP/1.1\\r\\nbroken | 'option httpchk': cannot parse the header line 'broken' "
                    + "hidden in the version string (expected 'Name: value')",
            "option httpchk GET /a\\ b | 'option httpchk <uri>' may not contain spaces or control characters but got "
                    + "'/a b'"})
    void optionErrors(String line, String message) {
        assertThat(lineError("    " + line + "\n")).isEqualTo("t.cfg:7: " + message);
    }

    @Test
    void logFormatExpressionsAreRefusedButDoublePercentIsALiteral() {
        assertThat(lineError("    option tcp-check\n    tcp-check expect string x on-error %[res.payload(0,0)]\n"))
                .isEqualTo("t.cfg:8: 'tcp-check expect on-error': log-format expressions such as "
                        + "'%[res.payload(0,0)]' are not supported yet in checks; write '%%' for a literal '%' (see "
                        + "docs/compatibility.md)");
        assertThat(lineError("    option httpchk\n    http-check send hdr X-Id %[uuid]\n"))
                .isEqualTo("t.cfg:8: 'http-check send hdr X-Id': log-format expressions such as '%[uuid]' are not "
                        + "supported yet in checks; write '%%' for a literal '%' (see docs/compatibility.md)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "http-check expect status 2xx | 'http-check expect': invalid character 'x' in the list of status codes "
                    + "'2xx'",
            "http-check expect status 300-200 | 'http-check expect': invalid range of status codes '300-200'",
            "http-check expect status 200,,300 | 'http-check expect': invalid list of status codes '200,,300' (write "
                    + "codes and ranges such as 200 or 200-399, separated by commas)",
            "http-check expect rstatus ( | 'http-check expect rstatus': regex '(' is invalid (Unclosed group at "
                    + "offset 1)",
            "http-check expect binary 00 | 'http-check expect' only supports the patterns 'status', 'rstatus', "
                    + "'string' or 'rstring' but got 'binary'",
            "http-check expect | 'http-check expect' expects at least a pattern: 'status', 'rstatus', 'string' or "
                    + "'rstring'",
            "http-check expect comment x | 'http-check expect' expects a pattern: 'status', 'rstatus', 'string' or "
                    + "'rstring'",
            "http-check expect status 200 string ok | 'http-check expect' takes only one pattern but got 'status' "
                    + "and 'string'",
            "http-check expect ! min-recv 3 | 'http-check expect': '!' negates a pattern ('status', 'rstatus', "
                    + "'string' or 'rstring'), not 'min-recv'",
            "http-check expect status 200 ok-status L5OK | 'http-check expect ok-status' only supports 'L7OK', 'L6OK' "
                    + "or 'L4OK' but got 'L5OK'",
            "http-check expect status 200 stauts | 'http-check expect' only supports min-recv, [!]status, [!]rstatus, "
                    + "[!]string, [!]rstring, comment, ok-status, error-status, tout-status, on-success or on-error "
                    + "but got 'stauts' (did you mean 'status'?)",
            "http-check send hdr Host | 'http-check send': 'hdr' expects <name> and <value> as arguments",
            "http-check send hdr Host a hdr host b | 'http-check send': 'host' header already defined (previous value "
                    + "is 'a')",
            "http-check send hdr Content-Length 3 | 'http-check send': the 'Content-Length' header is computed by the "
                    + "check from its body; remove it",
            "http-check send methd GET | 'http-check send' expects 'meth', 'uri', 'ver', 'hdr', 'body' or 'comment' "
                    + "but got 'methd' (did you mean 'meth'?)",
            "http-check sendd | 'http-check' only supports 'comment', 'connect', 'send', 'expect' or 'disable-on-404' but got 'sendd' "
                    + "(did you mean 'send'?)"})
    void httpCheckErrors(String line, String message) {
        assertThat(lineError("    option httpchk\n    " + line + "\n")).isEqualTo("t.cfg:8: " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "tcp-check expect string | 'tcp-check expect': 'string' expects a <pattern> as argument",
            "tcp-check expect status 200 | 'tcp-check expect' only supports the patterns 'string', 'rstring', "
                    + "'binary' or 'rbinary' but got 'status'",
            "tcp-check expect rstring ( | 'tcp-check expect rstring': regex '(' is invalid (Unclosed group at "
                    + "offset 1)",
            "tcp-check expect string x min-recv -2 | 'tcp-check expect': 'min-recv' expects -1 or an integer from 0 to "
                    + "2147483647 but got '-2'",
            "tcp-check send-binary 0g | 'tcp-check send-binary': '0g' is not a valid binary string (an hex digit is "
                    + "expected, found 'g')",
            "tcp-check send-binary abc | 'tcp-check send-binary': 'abc' is not a valid binary string (an even number "
                    + "of hex digits is expected)",
            "tcp-check send | 'tcp-check send' expects a string, e.g. \"PING\\r\\n\"",
            "tcp-check send PING x | 'tcp-check send' expects only 'comment <text>' after the data but got 'x'",
            "tcp-check connect port 0 | 'tcp-check connect port' expects a value between 1 and 65535 but got '0'",
            "tcp-check connect prt 80 | 'tcp-check connect' expects 'default', 'addr', 'port', 'send-proxy', "
                    + "'linger' or 'comment' but got 'prt' (did you mean 'port'?)",
            "tcp-check connect addr *:80 | 'tcp-check connect addr' expects an IPv4 or IPv6 address with an optional "
                    + "port but got '*:80'",
            "tcp-check comment | 'tcp-check' expects a text after 'comment'",
            "tcp-check conect | 'tcp-check' only supports 'comment', 'connect', 'send', 'send-binary' or 'expect' but "
                    + "got 'conect' (did you mean 'connect'?)"})
    void tcpCheckErrors(String line, String message) {
        assertThat(lineError("    option tcp-check\n    " + line + "\n")).isEqualTo("t.cfg:8: " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "tcp-check send-lf %[var(x)] | 'tcp-check send-lf' is not supported yet: log-format strings in checks are "
                    + "not implemented; write the bytes with 'send' or 'send-binary'",
            "tcp-check set-var(check.x) int(1) | 'tcp-check set-var(check.x)' is not supported yet: check variables "
                    + "are not implemented",
            "tcp-check connect ssl | 'tcp-check connect ssl' is not supported yet: TLS on check connections arrives "
                    + "with TLS termination",
            "tcp-check connect via-socks4 | 'tcp-check connect via-socks4' is not supported yet: SOCKS4 servers are "
                    + "not supported",
            "tcp-check connect port var(check.port) | 'tcp-check connect port var(check.port)' is not supported yet: "
                    + "only a port number is supported, not a sample expression",
            "tcp-check expect string-lf %[var(x)] | 'tcp-check expect string-lf' is not supported yet: log-format "
                    + "strings in checks are not implemented",
            "tcp-check expect string x status-code res.payload(0,3) | 'tcp-check expect status-code' is not supported "
                    + "yet: sample expressions in checks are not implemented",
            "tcp-check expect string x ok-status L7OKC | 'tcp-check expect ok-status L7OKC' is not supported yet: only "
                    + "'http-check disable-on-404' gives a conditional pass (NOLB) in Bascule"})
    void unsupportedTcpCheckFeaturesAreRefusedByName(String line, String message) {
        assertThat(lineError("    option tcp-check\n    " + line + "\n"))
                .isEqualTo("t.cfg:8: " + message + " (see docs/compatibility.md)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "http-check expect hdr name x | 'http-check expect hdr' is not supported yet: header matching in HTTP "
                    + "checks is not implemented; match the status or the body instead",
            "http-check send-state | 'http-check send-state' is not supported yet: checks do not send an "
                    + "X-Haproxy-Server-State header",
            "http-check send uri-lf /%[var(x)] | 'http-check send uri-lf' is not supported yet: log-format strings in "
                    + "checks are not implemented; use 'uri' with a fixed value",
            "http-check unset-var(check.x) | 'http-check unset-var(check.x)' is not supported yet: check variables "
                    + "are not implemented"})
    void unsupportedHttpCheckFeaturesAreRefusedByName(String line, String message) {
        assertThat(lineError("    option httpchk\n    " + line + "\n"))
                .isEqualTo("t.cfg:8: " + message + " (see docs/compatibility.md)");
    }

    @Test
    void scriptOrderErrors() {
        assertThat(lineError("""
                    option tcp-check
                    tcp-check send PING
                    tcp-check connect port 80
                """)).isEqualTo("t.cfg:9: 'tcp-check connect': the first step must be a 'connect' (optionally after a "
                + "'comment') when the script has a 'connect' step; move this line above the first 'send' or "
                + "'expect'");
        assertThat(lineError("""
                    option httpchk
                    http-check send uri /a
                    http-check expect status 200
                    http-check send uri /b
                """)).isEqualTo("t.cfg:10: 'http-check send' needs an 'http-check connect' before it: the previous "
                + "request was already sent on the current connection");
        assertThat(lineError("""
                    option httpchk
                    http-check connect
                    http-check send uri /a
                    http-check connect
                """)).isEqualTo("t.cfg:10: 'http-check connect' needs an 'http-check expect' before it, for the "
                + "response to the previous request");
    }

    @Test
    void rulesWithoutTheirOptionAreRefusedNotIgnored() {
        assertThat(lineError("    tcp-check send PING\n")).isEqualTo("t.cfg:7: 'tcp-check' rules have no effect in "
                + "backend 'b' without 'option tcp-check'; add 'option tcp-check' or remove them");
        assertThat(lineError("    option tcp-check\n    http-check expect status 200\n")).isEqualTo("t.cfg:8: "
                + "'http-check' rules have no effect in backend 'b' without 'option httpchk'; add 'option httpchk' "
                + "or remove them");
    }

    @Test
    void checkLinesAreNotForFrontends() {
        String e = error(HEADER.replace("backend b", "frontend f") + "    bind 127.0.0.1:0\n    option httpchk\n");
        assertThat(e).startsWith("t.cfg:8: ");
    }
}
