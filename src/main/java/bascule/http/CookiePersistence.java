package bascule.http;

import bascule.model.CookieSpec;
import bascule.proxy.Backend;
import bascule.proxy.Server;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Cookie-based server persistence ({@code cookie <name> insert|rewrite|prefix ...} with
 * {@code server ... cookie <value>}): finds the server a request's cookie names, hides the cookie from the
 * server when asked ({@code indirect}, {@code prefix}), and sets, rewrites or prefixes it in responses.
 */
final class CookiePersistence {
    private CookiePersistence() {
    }

    /**
     * Reads the persistence cookie of a request and returns the server it names (null when absent or
     * unknown), after removing or unprefixing the cookie as the mode says.
     */
    static Server fromRequest(CookieSpec spec, Backend backend, HttpRequest request, HttpTxn txn) {
        txn.cookieRequest = 'N';
        txn.cookieResponse = 'N';
        List<String> lines = request.headers().getAll(HttpHeaderNames.COOKIE);
        if (lines.isEmpty()) {
            return null;
        }
        Server found = null;
        boolean present = false;
        boolean changed = false;
        List<String> rewritten = new ArrayList<>(lines.size());
        for (String line : lines) {
            StringBuilder out = new StringBuilder(line.length());
            for (String part : line.split(";")) {
                String crumb = part.trim();
                int eq = crumb.indexOf('=');
                String name = eq < 0 ? crumb : crumb.substring(0, eq).trim();
                if (crumb.isEmpty()) {
                    continue;
                }
                if (eq >= 0 && name.equals(spec.name())) {
                    present = true;
                    String value = crumb.substring(eq + 1).trim();
                    if (spec.mode() == CookieSpec.Mode.PREFIX) {
                        int tilde = value.indexOf('~');
                        if (tilde >= 0) {
                            if (found == null) {
                                found = byCookie(backend, value.substring(0, tilde));
                            }
                            crumb = name + "=" + value.substring(tilde + 1);
                            changed = true;
                        }
                    } else {
                        if (found == null) {
                            found = byCookie(backend, value);
                        }
                        if (spec.indirect() && spec.mode() == CookieSpec.Mode.INSERT) {
                            changed = true;
                            continue;
                        }
                    }
                }
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(crumb);
            }
            if (out.length() > 0) {
                rewritten.add(out.toString());
            }
        }
        if (changed) {
            request.headers().remove(HttpHeaderNames.COOKIE);
            for (String r : rewritten) {
                request.headers().add(HttpHeaderNames.COOKIE, r);
            }
        }
        if (present) {
            // %tsc: V valid, D its server is down (the request goes elsewhere), I names no server.
            txn.cookieRequest = found == null ? 'I' : found.acceptsPersistent() ? 'V' : 'D';
        }
        return found;
    }

    private static Server byCookie(Backend backend, String value) {
        for (Server s : backend.servers()) {
            if (value.equals(s.spec().cookie())) {
                return s;
            }
        }
        return null;
    }

    /** Sets, rewrites or prefixes the cookie in a response from {@code server}. */
    static void toResponse(CookieSpec spec, HttpTxn txn, Server server, HttpResponse response) {
        String value = server.spec().cookie();
        if (value == null || spec.mode() == CookieSpec.Mode.PASSIVE) {
            return;
        }
        List<String> setCookies = response.headers().getAll(HttpHeaderNames.SET_COOKIE);
        boolean serverSetsOurs = false;
        List<String> kept = new ArrayList<>(setCookies.size());
        for (String sc : setCookies) {
            int eq = sc.indexOf('=');
            String name = eq < 0 ? sc.trim() : sc.substring(0, eq).trim();
            if (!name.equals(spec.name())) {
                kept.add(sc);
                continue;
            }
            serverSetsOurs = true;
            switch (spec.mode()) {
                case INSERT -> {
                    if (spec.preserve()) {
                        kept.add(sc);
                        txn.cookieResponse = 'P';
                    } else {
                        txn.cookieResponse = 'D';
                    }
                }
                case REWRITE -> {
                    int semi = sc.indexOf(';', eq);
                    kept.add(name + "=" + value + (semi < 0 ? "" : sc.substring(semi)));
                    txn.cookieResponse = 'R';
                }
                case PREFIX -> {
                    kept.add(name + "=" + value + "~" + sc.substring(eq + 1).trim());
                    txn.cookieResponse = 'R';
                }
                default -> {
                    kept.add(sc);
                    txn.cookieResponse = 'P';
                }
            }
        }
        if (serverSetsOurs) {
            response.headers().remove(HttpHeaderNames.SET_COOKIE);
            for (String k : kept) {
                response.headers().add(HttpHeaderNames.SET_COOKIE, k);
            }
        }
        if (spec.mode() != CookieSpec.Mode.INSERT || (serverSetsOurs && spec.preserve())) {
            return;
        }
        if (spec.postonly() && !"POST".equals(txn.request.method().name())) {
            return;
        }
        if (spec.indirect() && txn.cookieServer == server) {
            return;
        }
        StringBuilder c = new StringBuilder(spec.name()).append('=').append(value).append("; path=/");
        for (String d : spec.domains()) {
            c.append("; domain=").append(d);
        }
        if (spec.httponly()) {
            c.append("; HttpOnly");
        }
        if (spec.secure()) {
            c.append("; Secure");
        }
        for (String a : spec.attrs()) {
            c.append("; ").append(a);
        }
        response.headers().add(HttpHeaderNames.SET_COOKIE, c.toString());
        txn.cookieResponse = 'I';
        if (spec.nocache()) {
            response.headers().add(HttpHeaderNames.CACHE_CONTROL, "private");
        }
    }
}
