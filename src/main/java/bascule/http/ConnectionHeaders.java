package bascule.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Locale;

/**
 * Hop-by-hop header handling between the two connections of a transaction: the {@code Connection} header,
 * the headers it names and {@code Keep-Alive} belong to one hop and are rewritten for the next, as HAProxy
 * does; an upgrade ({@code Connection: upgrade} with {@code Upgrade}) passes through.
 */
final class ConnectionHeaders {
    private ConnectionHeaders() {
    }

    /** True when the message asks to switch protocols (WebSocket and the like). */
    static boolean isUpgrade(HttpMessage m) {
        return m.headers().contains(HttpHeaderNames.UPGRADE)
                && m.headers().containsValue(HttpHeaderNames.CONNECTION, "upgrade", true);
    }

    /** Removes {@code Connection}, the headers it lists and {@code Keep-Alive}; keeps an upgrade's pair. */
    static void stripHopByHop(HttpMessage m, boolean keepUpgrade) {
        HttpHeaders h = m.headers();
        List<String> connection = h.getAll(HttpHeaderNames.CONNECTION);
        if (!connection.isEmpty()) {
            for (String line : connection) {
                for (String token : line.split(",")) {
                    String t = token.trim().toLowerCase(Locale.ROOT);
                    if (t.isEmpty() || t.equals("close") || t.equals("keep-alive") || t.equals("upgrade")) {
                        continue;
                    }
                    h.remove(t);
                }
            }
            h.remove(HttpHeaderNames.CONNECTION);
        }
        h.remove(HttpHeaderNames.KEEP_ALIVE);
        h.remove("Proxy-Connection");
        if (keepUpgrade) {
            h.set(HttpHeaderNames.CONNECTION, "upgrade");
        } else {
            h.remove(HttpHeaderNames.UPGRADE);
        }
    }

    /** Prepares a request head for the server: HTTP/1.1, hop-by-hop rewritten, close asked when wanted. */
    static void toServer(HttpRequest r, boolean closeServer) {
        boolean upgrade = isUpgrade(r);
        stripHopByHop(r, upgrade);
        r.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (closeServer && !upgrade) {
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
        }
    }

    /** True when a response to {@code request} carries no body whatever its headers say. */
    static boolean bodiless(HttpRequest request, HttpResponse response) {
        int code = response.status().code();
        return code < 200 || code == 204 || code == 304 || "HEAD".equals(request.method().name());
    }

    /**
     * Prepares a response head for the client. Returns true when the client connection must close after
     * it: the client asked, or the body's end can only be told by closing.
     */
    static boolean toClient(HttpTxn txn, HttpResponse r) {
        boolean upgrade = r.status().code() == 101;
        boolean serverClose = !HttpUtil.isKeepAlive(r);
        stripHopByHop(r, upgrade);
        if (upgrade) {
            return false;
        }
        boolean close = txn.closeClient;
        boolean http10 = txn.clientVersion.equals(HttpVersion.HTTP_1_0);
        if (!bodiless(txn.request, r)) {
            boolean chunked = HttpUtil.isTransferEncodingChunked(r);
            boolean sized = r.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
            if (http10 && chunked) {
                // An HTTP/1.0 client cannot read chunks: send the body as is and close to end it.
                r.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                close = true;
            } else if (!chunked && !sized) {
                if (http10) {
                    close = true;
                } else if (serverClose) {
                    // The server ends the body by closing; chunk it so the client connection can live on.
                    r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
                }
            }
        }
        r.setProtocolVersion(http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1);
        if (close && !http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
        } else if (!close && http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        }
        return close;
    }
}
