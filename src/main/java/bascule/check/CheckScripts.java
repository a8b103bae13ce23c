package bascule.check;

import bascule.model.CheckRule;
import bascule.model.CommentRule;
import bascule.model.ConnectRule;
import bascule.model.ExpectReport;
import bascule.model.ExpectRule;
import bascule.model.HealthCheckSpec;
import bascule.model.HttpExpectRule;
import bascule.model.HttpSendRule;
import bascule.model.SendRule;
import bascule.proxy.Server;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Compiles a backend's {@link HealthCheckSpec} into the {@link CheckScript} one of its servers runs: addresses
 * resolved against the server's check address ({@code addr}/{@code port}), {@code check-send-proxy} applied
 * to the connects that use the server's settings, HTTP requests rendered to bytes once.
 */
final class CheckScripts {
    private CheckScripts() {
    }

    static CheckScript compile(HealthCheckSpec spec, Server server) {
        ScriptStep.Connect serverConnect = new ScriptStep.Connect(0, server.checkAddress(), 0,
                server.spec().checks().sendProxy(), false, true, null);
        return switch (spec.kind()) {
            case CONNECT -> new CheckScript(CheckScript.Flavor.PLAIN, List.of(serverConnect));
            case TCP_CHECK -> new CheckScript(CheckScript.Flavor.TCP_CHECK, steps(spec.rules(), server, true, null));
            case HTTP -> new CheckScript(CheckScript.Flavor.HTTP, steps(spec.rules(), server, false,
                    spec.disableOn404() ? server::isRunning : null));
            case MYSQL, PGSQL, REDIS, SMTP -> new CheckScript(CheckScript.Flavor.PROTOCOL,
                    ProtocolProbes.script(spec, serverConnect));
        };
    }

    /** {@code softStop}: for {@code disable-on-404}, whether the server still runs (null when off). */
    private static List<ScriptStep> steps(List<CheckRule> rules, Server server, boolean tcpCheckWording,
                                          BooleanSupplier softStop) {
        boolean implicitFirst = rules.get(0) instanceof ConnectRule c && c.implicit();
        List<ScriptStep> steps = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            CheckRule rule = rules.get(i);
            // HAProxy numbers the lines as written, comments included; its implicit connect is step 0.
            int id = i - (implicitFirst ? 1 : 0) + 1;
            switch (rule) {
                case CommentRule c -> {
                    // its text was handed to the following steps by the binder
                }
                case ConnectRule c -> steps.add(new ScriptStep.Connect(c.implicit() ? 0 : id, address(c, server),
                        c.port(), c.sendProxy() || c.useServerSettings() && server.spec().checks().sendProxy(),
                        c.linger(), c.implicit(), c.comment()));
                case SendRule s -> steps.add(new ScriptStep.Send(id, s.data(), false, s.comment()));
                case HttpSendRule h -> steps.add(new ScriptStep.Send(id, httpRequest(h),
                        h.effectiveMethod().equals("HEAD"), h.comment()));
                case ExpectRule e -> {
                    ExpectReport r = e.report();
                    steps.add(new TcpExpect(id, TcpExpect.Match.valueOf(e.match().name()), e.inverse(), e.data(),
                            e.regex(), e.minRecv(), status(r.okStatus()), status(r.errorStatus()),
                            status(r.timeoutStatus()), fixed(r.onSuccess()), fixed(r.onError()), null,
                            tcpCheckWording, e.comment()));
                }
                case HttpExpectRule e -> {
                    ExpectReport r = e.report();
                    steps.add(new HttpExpect(id, e.match(), e.inverse(), e.codes(),
                            e.text() == null ? null : e.text().getBytes(StandardCharsets.ISO_8859_1), e.regex(),
                            e.minRecv(), status(r.okStatus()), status(r.errorStatus()), status(r.timeoutStatus()),
                            r.onSuccess(), r.onError(), e.comment(), softStop));
                }
            }
        }
        return steps;
    }

    /**
     * Where a connect goes, by HAProxy's precedence: the step's own {@code addr}/{@code port}, then the
     * server's check address and port ({@code addr}/{@code port} on the server line), then the server's.
     */
    private static InetSocketAddress address(ConnectRule c, Server server) {
        InetSocketAddress base = server.checkAddress();
        int port = c.port() > 0 ? c.port() : base.getPort();
        if (c.addr() != null) {
            return new InetSocketAddress(c.addr(), port); // resolved once, here
        }
        return new InetSocketAddress(base.getAddress(), port);
    }

    private static CheckStatus status(String code) {
        return code == null ? null : CheckStatus.byCode(code);
    }

    private static Function<ExpectStep.Input, String> fixed(String text) {
        return text == null ? null : in -> text;
    }

    /**
     * The request on the wire as HAProxy 2.6 writes it: header names in lower case, "content-length" only
     * when there is a body, and last "connection: close" from HTTP/1.1 on, unless the request sets its own
     * Connection header (which is dropped when it only restates the version's default).
     */
    static byte[] httpRequest(HttpSendRule r) {
        String version = r.effectiveVersion();
        boolean http11 = version.length() == 6 && version.charAt(5) == '2'
                || version.length() == 8 && (version.charAt(5) > '1' || version.charAt(5) == '1' && version.charAt(7) >= '1');
        StringBuilder b = new StringBuilder();
        b.append(r.effectiveMethod()).append(' ').append(r.effectiveUri()).append(' ').append(version).append("\r\n");
        String connection = http11 ? "close" : null;
        for (HttpSendRule.Header h : r.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (name.equals("connection")) {
                String value = h.value().toLowerCase(Locale.ROOT);
                connection = (http11 ? value.equals("keep-alive") : value.equals("close")) ? null : h.value();
                continue;
            }
            b.append(name).append(": ").append(h.value()).append("\r\n");
        }
        byte[] body = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.ISO_8859_1);
        if (body.length > 0) {
            b.append("content-length: ").append(body.length).append("\r\n");
        }
        if (connection != null) {
            b.append("connection: ").append(connection).append("\r\n"); // last, where HAProxy's H1 layer puts it
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }
}
