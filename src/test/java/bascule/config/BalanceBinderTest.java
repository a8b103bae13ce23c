package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.Mode;
import bascule.model.Model;
import bascule.model.ProxySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code balance} lines: the request-hashing algorithms, their options, and HAProxy's errors. */
class BalanceBinderTest {

    private static Balance balance(String line) throws ConfigErrors {
        Model m = Instance.parse("backend b\n    " + line + "\n", "t.cfg");
        return m.proxies().get(0).balance();
    }

    private static String error(String line) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> balance(line));
        assertThat(e).as("expected a configuration error for: " + line).isNotNull();
        return e.getMessage();
    }

    @Test
    void uriOptionsInAnyOrder() throws Exception {
        assertThat(balance("balance uri").key()).isEqualTo(Balance.Uri.PLAIN);
        assertThat(balance("balance uri whole len 12 path-only depth 3").key())
                .isEqualTo(new Balance.Uri(12, 3, true, true));
        assertThat(balance("balance uri").algorithm()).isEqualTo(Algorithm.URI);
    }

    @Test
    void urlParamAndHeaderAndTheirModifiers() throws Exception {
        assertThat(balance("balance url_param userid").key()).isEqualTo(new Balance.UrlParam("userid", false));
        assertThat(balance("balance url_param session_id check_post 64").key())
                .isEqualTo(new Balance.UrlParam("session_id", true));
        assertThat(balance("balance hdr(User-Agent)").key()).isEqualTo(new Balance.Header("User-Agent", false));
        assertThat(balance("balance hdr(Host) use_domain_only").key()).isEqualTo(new Balance.Header("Host", true));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "balance uri foo; t.cfg:2: 'balance uri' only accepts 'len <n>', 'depth <n>', 'whole' and 'path-only' but got 'foo'",
        "balance uri len; t.cfg:2: 'balance uri': 'len' expects a positive integer but got nothing",
        "balance uri len 0; t.cfg:2: 'balance uri': 'len' expects a positive integer but got '0'",
        "balance uri depth -1; t.cfg:2: 'balance uri': 'depth' expects a positive integer but got '-1'",
        "balance uri wholes; t.cfg:2: 'balance uri' only accepts 'len <n>', 'depth <n>', 'whole' and 'path-only' but got 'wholes' (did you mean 'whole'?)",
        "balance url_param; t.cfg:2: 'balance url_param' requires a URL parameter name",
        "balance url_param id foo; t.cfg:2: 'balance url_param' only accepts the 'check_post' modifier but got 'foo'",
        "balance hdr; t.cfg:2: 'balance hdr' needs the header name in parentheses, e.g. 'balance hdr(host)'",
        "balance hdr(); t.cfg:2: 'balance hdr(<name>)' requires an HTTP header field name but got 'hdr()'",
        "balance hdr(host; t.cfg:2: 'balance hdr(<name>)' requires an HTTP header field name but got 'hdr(host'",
        "balance hdr(host)x; t.cfg:2: 'balance hdr(host)x': unexpected 'x' after 'hdr(host)'",
        "balance hdr(host) use_domain; t.cfg:2: 'balance hdr(host)' only accepts the 'use_domain_only' modifier but got 'use_domain'",
        "balance hash; t.cfg:2: 'balance hash' requires a sample expression, e.g. 'balance hash req.cookie(id)'",
        "balance hash src extra; t.cfg:2: 'balance hash' takes a single sample expression but got also 'extra' (quote an expression that contains spaces)",
        "balance rdp-cookie; t.cfg:2: 'balance rdp-cookie' is not supported yet",
        "balance uri_param; t.cfg:2: 'balance' expects one of roundrobin, static-rr, leastconn, first, source, uri, url_param, hdr(<name>), random, hash but got 'uri_param' (did you mean 'url_param'?)",
    })
    void errorsNameTheKeywordLikeHaproxy(String line, String message) {
        assertThat(error(line)).isEqualTo(message);
    }

    @Test
    void layer7AlgorithmsBecomeRoundRobinOutsideHttpMode() throws Exception {
        Model m = Instance.parse("""
                defaults
                    timeout connect 1s
                    timeout server 1s
                backend b
                    mode tcp
                    balance hdr(host)
                """, "t.cfg");
        ProxySpec b = m.proxies().get(0);
        assertThat(b.balance().algorithm()).as("the model keeps what was written").isEqualTo(Algorithm.HDR);
        assertThat(b.balance().forMode(Mode.TCP)).isEqualTo(Balance.DEFAULT);
        assertThat(b.balance().forMode(Mode.HTTP)).isSameAs(b.balance());
        assertThat(m.warnings()).anyMatch(w -> w.contains("layer 7 hash not possible for backend 'b'")
                && w.contains("falling back to round robin"));
    }
}
