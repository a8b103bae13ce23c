package bascule.http;

import bascule.model.HttpActions;
import bascule.model.HttpReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Builds the responses of terminal rules byte for byte as HAProxy 2.6 does: always {@code HTTP/1.1},
 * lower-case header names, headers in HAProxy's order. Connection management ({@code connection: close}
 * for HTTP/1.0 clients and the like) is the engine's, except for an errorfile that can only be framed by
 * closing.
 */
final class Replies {
    private Replies() {
    }

    /** A {@code redirect}, or null when {@code ignore-empty} applies. */
    static FullHttpResponse redirect(HttpActions.Redirect r, HttpRequest request, RuleContext ctx) {
        String target = r.target().render(ctx);
        if (r.ignoreEmpty() && target.isEmpty()) {
            return null;
        }
        String location;
        if (r.type() == HttpActions.Redirect.Type.LOCATION) {
            location = target;
        } else {
            RequestTarget t = RequestTarget.parse(request.uri());
            String path = r.dropQuery() ? t.path() : t.pathAndQuery();
            if (r.type() == HttpActions.Redirect.Type.PREFIX) {
                // "prefix /" means no prefix, so that the path does not start with "//".
                location = target.equals("/") ? path : target + path;
            } else {
                String host = request.headers().get("host");
                location = target + "://" + (host == null ? "" : host) + path;
            }
            if (r.appendSlash() && !location.endsWith("/")) {
                location += "/";
            }
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(r.code(), HttpReasons.redirect(r.code())), Unpooled.EMPTY_BUFFER);
        HttpHeaders h = res.headers();
        h.add("content-length", "0");
        h.add("location", location);
        if (r.code() == 302 || r.code() == 303 || r.code() == 307) {
            h.add("cache-control", "no-cache");
        }
        if (r.cookie() != null) {
            h.add("set-cookie", r.cookie() + (r.clearCookie() ? "; path=/; Max-Age=0;" : "; path=/;"));
        }
        return res;
    }

    /** The 401 of {@code auth}: the 401 error page plus the Basic challenge. */
    static FullHttpResponse auth(HttpActions.Auth a, RuleContext ctx) {
        FullHttpResponse res = ctx.errorPage(401);
        String realm = a.realm() != null ? a.realm() : ctx.proxyName();
        res.headers().add("www-authenticate", "Basic realm=\"" + realm + "\"");
        return res;
    }

    /** Whether the reply of {@link #reply} can only be framed by closing the connection. */
    static boolean closeDelimited(HttpReply reply) {
        return reply.source() == HttpReply.Source.ERRORFILE && reply.fileHeaders().stream()
                .noneMatch(h -> h.name().equalsIgnoreCase("content-length")
                        || h.name().equalsIgnoreCase("transfer-encoding"));
    }

    /** The response of {@code deny}, {@code tarpit} or {@code return}. */
    static FullHttpResponse reply(HttpReply reply, RuleContext ctx) {
        switch (reply.source()) {
            case ERROR_PAGE -> {
                return ctx.errorPage(reply.status());
            }
            case ERRORFILE -> {
                FullHttpResponse res = response(reply.status(), reply.reason(), reply.body());
                for (HttpReply.FileHeader h : reply.fileHeaders()) {
                    res.headers().add(h.name(), h.value());
                }
                if (closeDelimited(reply)) {
                    res.headers().add("connection", "close");
                }
                return res;
            }
            default -> {
                String body = switch (reply.source()) {
                    case TEXT -> reply.body();
                    case FORMAT -> reply.bodyFormat().render(ctx);
                    default -> "";
                };
                FullHttpResponse res = response(reply.status(), HttpReasons.of(reply.status()), body);
                HttpHeaders h = res.headers();
                for (HttpReply.Header hdr : reply.headers()) {
                    h.add(hdr.name(), hdr.value().render(ctx));
                }
                h.add("content-length", Integer.toString(res.content().readableBytes()));
                if (reply.contentType() != null) {
                    h.add("content-type", reply.contentType());
                }
                return res;
            }
        }
    }

    private static FullHttpResponse response(int status, String reason, String body) {
        ByteBuf content = body.isEmpty() ? Unpooled.EMPTY_BUFFER
                : Unpooled.copiedBuffer(body, StandardCharsets.ISO_8859_1);
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(status, reason), content);
    }

    /**
     * The page as a response object, with HAProxy's {@code connection} field: {@code close} when the
     * connection ends after it, {@code keep-alive} when it stays open for an HTTP/1.0 client or page.
     */
    static FullHttpResponse of(ErrorPage page, boolean keepAlive, boolean http10Client) {
        bascule.model.ErrorResponse r = page.response();
        boolean http10Page = r.version().equals("HTTP/1.0");
        FullHttpResponse out = new DefaultFullHttpResponse(http10Page ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                new HttpResponseStatus(r.status(), r.reason()), Unpooled.wrappedBuffer(r.body()));
        for (bascule.model.ErrorResponse.Header h : r.headers()) {
            out.headers().add(h.name(), h.value());
        }
        if (keepAlive && (http10Page || http10Client)) {
            out.headers().add("connection", "keep-alive");
        } else if (!keepAlive && !http10Page) {
            out.headers().add("connection", "close");
        }
        return out;
    }
}
