package bascule.http;

import bascule.sample.Format;
import bascule.sample.SampleContext;
import bascule.sample.Variables;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** A rule context for unit tests: records what rules set, and builds HAProxy's default error pages. */
final class TestRuleContext implements RuleContext, bascule.testing.StubContext {
    InetSocketAddress source = new InetSocketAddress("10.0.0.1", 5555);
    String logLevel;
    final List<String> captures = new ArrayList<>();
    final Variables variables = new Variables(new HashMap<>());

    /** A constant format (no %[...]), so runner tests do not need the sample engine. */
    static Format literal(String text) {
        return new Format() {
            @Override
            public String render(SampleContext context) {
                return text;
            }

            @Override
            public boolean isConstant() {
                return true;
            }
        };
    }

    @Override
    public String proxyName() {
        return "fe";
    }

    @Override
    public FullHttpResponse errorPage(int status) {
        String text = switch (status) {
            case 401 -> "You need a valid user and password to access this content.";
            case 403 -> "Request forbidden by administrative rules.";
            case 500 -> "An internal server error occurred.";
            case 502 -> "The server returned an invalid or incomplete response.";
            case 503 -> "No server is available to handle this request.";
            case 429 -> "You have sent too many requests in a given amount of time.";
            default -> "?";
        };
        String reason = switch (status) {
            case 502 -> "Bad Gateway";
            default -> HttpReasons.of(status);
        };
        String body = "<html><body><h1>" + status + " " + reason + "</h1>\n" + text + "\n</body></html>\n";
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(status, reason),
                Unpooled.copiedBuffer(body, StandardCharsets.ISO_8859_1));
        r.headers().add("content-length", body.length());
        r.headers().add("cache-control", "no-cache");
        r.headers().add("content-type", "text/html");
        return r;
    }

    @Override
    public void setSource(InetSocketAddress s) {
        source = s;
    }

    @Override
    public void setLogLevel(String level) {
        logLevel = level;
    }

    @Override
    public void capture(int slot, String value, boolean response) {
        captures.add((response ? "res" : "req") + slot + "=" + value);
    }

    @Override
    public InetSocketAddress source() {
        return source;
    }

    @Override
    public Variables variables() {
        return variables;
    }
}
