package bascule.http;

import bascule.model.HttpAction;
import bascule.model.HttpActions;
import bascule.model.HttpRule;
import bascule.sample.Sample;
import bascule.sample.Samples;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Runs one list of HTTP rules on a request or response head, in order: a rule whose condition is false is
 * skipped, {@code allow} ends the list, and a terminal action (deny, tarpit, return, redirect, auth) ends it
 * with a reply. Edits apply to the Netty objects in place, so later conditions see them (the context's
 * {@code request()}/{@code response()} views must read those same objects).
 */
public final class HttpRuleRunner {
    private HttpRuleRunner() {
    }

    /** Runs {@code http-request} rules (or {@code redirect} rules) on {@code request}. */
    public static RuleOutcome request(List<HttpRule> rules, HttpRequest request, RuleContext ctx) {
        return run(rules, request, request, ctx);
    }

    /** Runs {@code http-response} or {@code http-after-response} rules on {@code response}. */
    public static RuleOutcome response(List<HttpRule> rules, HttpResponse response, RuleContext ctx) {
        return run(rules, response, null, ctx);
    }

    private static RuleOutcome run(List<HttpRule> rules, HttpMessage message, HttpRequest request, RuleContext ctx) {
        for (HttpRule rule : rules) {
            if (!rule.condition().test(ctx)) {
                continue;
            }
            HttpAction a = rule.action();
            switch (a) {
                case HttpActions.Allow x -> {
                    return RuleOutcome.CONTINUE;
                }
                case HttpActions.Deny d -> {
                    return RuleOutcome.reply(Replies.reply(d.reply(), ctx), false, Replies.closeDelimited(d.reply()));
                }
                case HttpActions.Tarpit t -> {
                    return RuleOutcome.reply(Replies.reply(t.reply(), ctx), true, Replies.closeDelimited(t.reply()));
                }
                case HttpActions.Return r -> {
                    return RuleOutcome.local(Replies.reply(r.reply(), ctx), Replies.closeDelimited(r.reply()));
                }
                case HttpActions.Redirect r -> {
                    FullHttpResponse res = Replies.redirect(r, requestOf(message, request, ctx), ctx);
                    if (res != null) {
                        return RuleOutcome.local(res, false);
                    }
                }
                case HttpActions.Auth au -> {
                    return RuleOutcome.reply(Replies.auth(au, ctx), false, false);
                }
                case HttpActions.UseService u -> {
                    return RuleOutcome.service(u.name());
                }
                default -> {
                    try {
                        apply(a, message, request, ctx);
                    } catch (IllegalArgumentException e) { // Netty refused the new header, method or URI
                        return RuleOutcome.failedRewrite(ctx.errorPage(500));
                    }
                }
            }
        }
        return RuleOutcome.CONTINUE;
    }

    /** A non-terminal action. */
    private static void apply(HttpAction a, HttpMessage message, HttpRequest request, RuleContext ctx) {
        HttpHeaders headers = message.headers();
        switch (a) {
            case HttpActions.SetHeader s -> {
                // Rendered before the old fields go, so that the value may read them.
                String value = s.value().render(ctx);
                if (s.add()) {
                    HeaderRewrites.add(headers, s.name(), value);
                } else {
                    HeaderRewrites.set(headers, s.name(), value);
                }
            }
            case HttpActions.DelHeader d -> HeaderRewrites.delete(headers, d);
            case HttpActions.ReplaceHeader r -> {
                String template = r.replacement().render(ctx);
                HeaderRewrites.replace(headers, r, m -> HeaderRewrites.expand(template, m));
            }
            case HttpActions.SetRequestPart s -> setPart(request, s, ctx);
            case HttpActions.SetStatus s -> ((HttpResponse) message).setStatus(new HttpResponseStatus(s.status(),
                    s.reason() != null ? s.reason() : HttpReasons.of(s.status())));
            case HttpActions.SetVar v -> {
                Sample s = v.expression().evaluate(ctx);
                if (s != null) {
                    ctx.variables().set(v.name(), s);
                }
            }
            case HttpActions.SetVarFormat v -> ctx.variables().set(v.name(), Sample.string(v.format().render(ctx)));
            case HttpActions.UnsetVar v -> ctx.variables().unset(v.name());
            case HttpActions.SetSource s -> {
                InetAddress address = address(s.expression().evaluate(ctx));
                if (address != null) {
                    InetSocketAddress old = ctx.source();
                    ctx.setSource(new InetSocketAddress(address, old == null ? 0 : old.getPort()));
                }
            }
            case HttpActions.SetLogLevel l -> ctx.setLogLevel(l.level());
            case HttpActions.Capture c -> {
                String v = c.expression().evaluateString(ctx);
                if (v != null) {
                    ctx.capture(c.slot(), v.length() > c.length() ? v.substring(0, c.length()) : v,
                            request == null);
                }
            }
            default -> throw new IllegalArgumentException("no execution for " + a);
        }
    }

    private static void setPart(HttpRequest request, HttpActions.SetRequestPart s, RuleContext ctx) {
        String value = s.value().render(ctx);
        if (s.part() == HttpActions.SetRequestPart.Part.METHOD) {
            request.setMethod(HttpMethod.valueOf(value));
            return;
        }
        RequestTarget t = RequestTarget.parse(request.uri());
        request.setUri(switch (s.part()) {
            case PATH -> t.withPath(value);
            case PATHQ -> t.withPathAndQuery(value);
            case QUERY -> t.withQuery(value);
            default -> value;
        });
    }

    /** The request a response-side redirect refers to: the transaction's, as the context shows it. */
    private static HttpRequest requestOf(HttpMessage message, HttpRequest request, RuleContext ctx) {
        if (request != null) {
            return request;
        }
        bascule.sample.HttpMessageView view = ctx.request();
        String uri = view == null ? "/" : view.uri();
        io.netty.handler.codec.http.DefaultHttpRequest r = new io.netty.handler.codec.http.DefaultHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (view != null) {
            view.headerValues("host").stream().findFirst().ifPresent(h -> r.headers().set("host", h));
        }
        return r;
    }

    /** An address sample, or a string holding a literal address (never a name: no DNS on the event loop). */
    private static InetAddress address(Sample s) {
        if (s == null) {
            return null;
        }
        try {
            return switch (s.type()) {
                case IPV4, IPV6 -> InetAddress.getByAddress((byte[]) s.value());
                case STR -> {
                    String text = Samples.asString(s).strip();
                    boolean literal = text.contains(":") || text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
                    yield literal ? InetAddress.getByName(text) : null;
                }
                default -> null;
            };
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
