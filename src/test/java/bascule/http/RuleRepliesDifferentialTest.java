package bascule.http;

import static bascule.http.TestRuleContext.literal;
import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.HttpAction;
import bascule.model.HttpActions;
import bascule.model.HttpActions.Redirect.Type;
import bascule.model.HttpReply;
import bascule.model.HttpRule;
import bascule.model.Position;
import bascule.sample.Condition;
import bascule.testing.HaproxyOracle;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replies of terminal rules, byte for byte against HAProxy 2.6: each case is one HAProxy rule line and
 * the same rule as a model record; a raw request goes to HAProxy and through {@link HttpRuleRunner}. Nothing
 * is masked (these replies carry no date). Error pages come from the test context, so {@code deny}/{@code auth}
 * cases check what the runner adds around them.
 */
class RuleRepliesDifferentialTest {
    record Case(String path, String haproxyRule, HttpAction action) {
        @Override
        public String toString() {
            return haproxyRule;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("/r1", "http-request redirect location /loc", redirect(Type.LOCATION, "/loc", 302, false,
                        false, null, false)),
                new Case("/r2/x?q=1", "http-request redirect scheme https", redirect(Type.SCHEME, "https", 302,
                        false, false, null, false)),
                new Case("/r3/a?b=c", "http-request redirect prefix /pre drop-query", redirect(Type.PREFIX, "/pre",
                        302, true, false, null, false)),
                new Case("/r4/a?x=1", "http-request redirect prefix /pre append-slash", redirect(Type.PREFIX,
                        "/pre", 302, false, true, null, false)),
                new Case("/r5", "http-request redirect location /loc code 301 set-cookie FOO=bar",
                        redirect(Type.LOCATION, "/loc", 301, false, false, "FOO=bar", false)),
                new Case("/r6", "http-request redirect location /loc code 303 clear-cookie FOO",
                        redirect(Type.LOCATION, "/loc", 303, false, false, "FOO", true)),
                new Case("/r7", "http-request redirect location /loc code 307", redirect(Type.LOCATION, "/loc", 307,
                        false, false, null, false)),
                new Case("/r8", "http-request redirect location /loc code 308", redirect(Type.LOCATION, "/loc", 308,
                        false, false, null, false)),
                new Case("/t1", "http-request return status 200 content-type text/plain string hello hdr X-A b",
                        new HttpActions.Return(new HttpReply(200, HttpReply.Source.TEXT, "text/plain", "hello", null,
                                List.of(new HttpReply.Header("x-a", literal("b"))), null, List.of()))),
                new Case("/t2", "http-request return", new HttpActions.Return(new HttpReply(200,
                        HttpReply.Source.EMPTY, null, null, null, List.of(), null, List.of()))),
                new Case("/t3", "http-request return status 502", new HttpActions.Return(new HttpReply(502,
                        HttpReply.Source.EMPTY, null, null, null, List.of(), null, List.of()))),
                new Case("/d1", "http-request deny", new HttpActions.Deny(HttpReply.errorPage(403))),
                new Case("/d2", "http-request deny deny_status 429", new HttpActions.Deny(HttpReply.errorPage(429))),
                new Case("/a1", "http-request auth", new HttpActions.Auth(null)),
                new Case("/a2", "http-request auth realm \"My Realm\"", new HttpActions.Auth("My Realm")));
    }

    private static HttpActions.Redirect redirect(Type t, String target, int code, boolean drop, boolean slash,
                                                 String cookie, boolean clear) {
        return new HttpActions.Redirect(t, literal(target), code, drop, slash, false, cookie, clear);
    }

    private static HaproxyOracle haproxy;

    @BeforeAll
    static void start() {
        HaproxyOracle.assumeAvailable();
        haproxy = HaproxyOracle.startOnFreePorts((port, ready) -> {
            StringBuilder cfg = new StringBuilder("""
                    defaults
                      mode http
                      timeout connect 1s
                      timeout client 5s
                      timeout server 5s
                    frontend ready
                      bind 127.0.0.1:%d
                      http-request deny
                    frontend fe
                      bind 127.0.0.1:%d
                    """.formatted(ready, port));
            for (Case c : cases()) {
                String path = c.path().contains("?") ? c.path().substring(0, c.path().indexOf('?')) : c.path();
                cfg.append("  ").append(c.haproxyRule()).append(" if { path ").append(path).append(" }\n");
            }
            return cfg.toString();
        });
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameBytesAsHaproxy(Case c) throws IOException {
        String expected = ask(haproxy.port(), c.path());
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, c.path());
        req.headers().add("Host", "example.com");
        RuleOutcome o = HttpRuleRunner.request(List.of(new HttpRule(c.action(), Condition.ALWAYS, Position.NONE)),
                req, new TestRuleContext());
        req.release();
        assertThat(o.isReply()).isTrue();
        assertThat(Wire.bytes(o.reply())).isEqualTo(expected);
    }

    /** One keep-alive request; reads the head and content-length bytes of body, so no connection header. */
    private static String ask(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: example.com\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int headEnd = -1;
            while (headEnd < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                got.write(b);
                String sofar = got.toString(StandardCharsets.ISO_8859_1);
                if (sofar.endsWith("\r\n\r\n")) {
                    headEnd = sofar.length();
                }
            }
            String head = got.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }
    }
}
