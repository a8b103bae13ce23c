package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.HttpActions;
import bascule.model.HttpReply;
import bascule.model.HttpRule;
import bascule.model.ProxySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Binding HTTP rule lines. Lines without a format, expression or condition bind without the sample engine;
 * the messages are checked with their position.
 */
class HttpRuleBinderTest {
    /** Five lines, so that the first line passed to {@link #frontend} is line 6. */
    private static final String HEADER = """
            defaults
                timeout connect 1s
                timeout client 1s
                timeout server 1s
            frontend f
            """;

    private static ProxySpec frontend(String lines) throws ConfigErrors {
        return Instance.parse(HEADER + lines + "    bind 127.0.0.1:0\n    default_backend b\nbackend b\n", "t.cfg")
                .proxies().get(0);
    }

    private static String error(String text) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> Instance.parse(text, "t.cfg"));
        assertThat(e).as("expected a configuration error").isNotNull();
        assertThat(e.errors()).hasSize(1);
        return e.getMessage();
    }

    private static String lineError(String line) {
        return error(HEADER + line + "\n    bind 127.0.0.1:0\n");
    }

    @Test
    void actionsWithoutSamplesBindInOrderPerPhase() throws Exception {
        ProxySpec p = frontend("""
                    http-request allow
                    http-request deny deny_status 429
                    http-request tarpit
                    http-request auth realm "My Realm"
                    http-request del-header X-Foo -m beg
                    http-request set-log-level silent
                    http-response deny
                    http-after-response allow
                """);
        assertThat(p.httpRules().request()).extracting(HttpRule::action).containsExactly(new HttpActions.Allow(),
                new HttpActions.Deny(HttpReply.errorPage(429)), new HttpActions.Tarpit(HttpReply.errorPage(500)),
                new HttpActions.Auth("My Realm"), new HttpActions.DelHeader("X-Foo",
                        HttpActions.DelHeader.Match.BEG, null), new HttpActions.SetLogLevel("silent"));
        assertThat(p.httpRules().request().get(1).position().line()).isEqualTo(7);
        assertThat(p.httpRules().response()).extracting(HttpRule::action)
                .containsExactly(new HttpActions.Deny(HttpReply.errorPage(502)));
        assertThat(p.httpRules().afterResponse()).hasSize(1);
    }

    @Test
    void fileAndErrorfileAreReadAtLoad(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("403.http");
        Files.writeString(err, "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nno\n");
        ProxySpec p = frontend("    http-request deny errorfile " + err + "\n");
        HttpReply r = ((HttpActions.Deny) p.httpRules().request().get(0).action()).reply();
        assertThat(r.source()).isEqualTo(HttpReply.Source.ERRORFILE);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("no\n");
        assertThat(r.fileHeaders()).containsExactly(new HttpReply.FileHeader("Content-Type", "text/plain"));

        Path body = dir.resolve("body.txt");
        Files.writeString(body, "file body\n");
        ProxySpec q = frontend("    http-request return status 200 content-type text/html file " + body + "\n");
        HttpReply t = ((HttpActions.Return) q.httpRules().request().get(0).action()).reply();
        assertThat(t.body()).isEqualTo("file body\n");
        assertThat(t.contentType()).isEqualTo("text/html");

        assertThat(lineError("    http-request return status 200 content-type a/b file " + dir.resolve("nope")))
                .startsWith("t.cfg:6: ").contains("cannot read file '" + dir.resolve("nope") + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http-request foo|unknown action 'foo' in 'http-request'",
        "http-request set-heder a b|(did you mean 'set-header'?)",
        "http-request track-sc0 src|'http-request track-sc0' is not supported yet: it arrives with stick tables",
        "http-request sc-inc-gpc0(0)|it arrives with stick tables",
        "http-request lua.hello|'http-request lua.hello' is not supported yet: it arrives with Lua",
        "http-request replace-path a b|valid HAProxy action but is not supported by Bascule yet",
        "http-request set-status 200|action 'set-status' is not allowed in 'http-request'; it belongs in 'http-response'",
        "http-response tarpit|action 'tarpit' is not allowed in 'http-response'; it belongs in 'http-request'",
        "http-after-response deny|action 'deny' is not allowed in 'http-after-response'; it belongs in 'http-request'",
        "http-request deny foo|'http-request deny' expects one of deny_status",
        "http-request allow foo|'http-request allow' expects 'if' or 'unless' followed by a condition but got 'foo'",
        "http-request deny deny_status 999|'http-request deny deny_status' expects a value between 200 and 599",
        "http-request deny deny_status 302|no built-in error page for status 302",
        "http-request return status 204 content-type a/b string x|a 204 response has no body",
        "http-request return status 200 string x|a payload needs a 'content-type'",
        "http-request return status 200 content-type t/p|'content-type' and 'hdr' need a payload",
        "http-request return string a lf-string b|'lf-string' cannot follow 'string'",
        "http-request return errorfiles site|'http-request return errorfiles' is not supported yet",
        "http-request return content-type t/p string a hdr Content-Length 3|HAProxy ignores this header",
        "http-request redirect|expects 'location <fmt>', 'prefix <fmt>' or 'scheme <fmt>'",
        "http-request redirect location|expects a format after 'location'",
        "http-request redirect code 305 location /x|unsupported code '305' (must be one of 301, 302, 303, 307 or 308)",
        "http-request redirect locaton /x|(did you mean 'location'?)",
        "http-request set-var(foo.bar) path|invalid variable name 'foo.bar': it must start with its scope",
        "http-request set-var(txn) path|invalid variable name 'txn'",
        "http-request unset-var(txn.a-b)|may only hold letters, digits, '_' and '.'",
        "http-request set-var(txn.x,ifexists) path|conditions on variables (ifexists) are not supported yet",
        "http-request set-var path|expects a variable name in parentheses",
        "http-request set-log-level loud|expects one of emerg, alert, crit, err, warning, notice, info, debug, silent",
        "http-request auth realm|expects a realm after 'realm'",
        "http-request del-header x -m foo|expects str, beg, end, sub or reg but got 'foo'",
        "http-request del-header (a -m reg|invalid regex '(a'",
        "http-request set-header|expects a header name",
        "http-request set-header a\\ b x|is not a valid header name",
        "http-response capture res.hdr(x) len 4|expects 'id <n>'",
        "http-request capture path id 0|no such capture slot",
        "http-response set-status 99|expects a status code between 100 and 999",
    })
    void refusedLinesSayWhyWithTheirPosition(String line, String message) {
        assertThat(lineError("    " + line)).startsWith("t.cfg:6: ").contains(message);
    }

    @Test
    void rulesInDefaultsNeedANameAndRedirectNeverGoesThere() {
        assertThat(error("defaults\n    http-request deny\n")).isEqualTo("t.cfg:2: 'http-request' is not allowed in "
                + "an anonymous 'defaults' section: name it ('defaults <name>'), as HAProxy requires for rules");
        assertThat(error("defaults d\n    redirect location /x\n")).startsWith("t.cfg:2: 'redirect' is not allowed "
                + "in a 'defaults' section");
    }

    @Test
    void namedDefaultsRulesComeFirstAndOnlyToOneSide() throws Exception {
        String d = """
                defaults d
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                    http-request deny deny_status 403
                """;
        ProxySpec f = Instance.parse(d + "frontend f from d\n    bind 127.0.0.1:0\n    http-request allow\n"
                + "    default_backend b\ndefaults\n    timeout connect 1s\n    timeout server 1s\nbackend b\n", "t.cfg")
                .proxies().get(0);
        assertThat(f.httpRules().request()).extracting(HttpRule::action)
                .containsExactly(new HttpActions.Deny(HttpReply.errorPage(403)), new HttpActions.Allow());
        ConfigErrors both = catchThrowableOfType(ConfigErrors.class, () -> Instance.parse(d + "frontend f\n"
                + "    bind 127.0.0.1:0\n    default_backend b\nbackend b\n", "t.cfg"));
        assertThat(both.errors().get(0).toString()).contains("t.cfg:9: frontends and backends cannot inherit from the same defaults section");
        assertThat(error(d + "listen l\n    bind 127.0.0.1:0\n"))
                .startsWith("t.cfg:6: a listen section cannot inherit from defaults section 'd'");
        assertThat(error(d + "defaults e from d\n")).startsWith("t.cfg:6: a defaults section cannot inherit");
    }
}
