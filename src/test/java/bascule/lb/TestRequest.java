package bascule.lb;

import bascule.sample.HttpMessageView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request head for the request-hashing algorithms, written in a compact form:
 * {@code "GET /a?b=1 | Host: x | X-Key: y || body"} (method and target, then fields, then an optional
 * body after {@code ||}). It is both the request view and the sample context carrying it, and can
 * render itself as HTTP/1.1 bytes for the HAProxy oracle.
 */
record TestRequest(String method, String uri, List<Map.Entry<String, String>> headers, byte[] body)
        implements HttpMessageView, bascule.testing.StubContext {

    static TestRequest parse(String spec) {
        String head = spec;
        byte[] body = null;
        int split = spec.indexOf("||");
        if (split >= 0) {
            head = spec.substring(0, split);
            body = spec.substring(split + 2).strip().getBytes(StandardCharsets.ISO_8859_1);
        }
        String[] parts = head.split("\\|");
        String[] line = parts[0].strip().split(" ", 2);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String h = parts[i].strip();
            int colon = h.indexOf(':');
            headers.add(Map.entry(h.substring(0, colon).strip(), h.substring(colon + 1).strip()));
        }
        return new TestRequest(line[0], line[1], List.copyOf(headers), body);
    }

    LbRequest lb() {
        return new LbRequest(new byte[] {127, 0, 0, 1}, this);
    }

    /** The request as sent on the wire, closing the connection after the response. */
    byte[] wire() {
        StringBuilder b = new StringBuilder(method + " " + uri + " HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : headers) {
            b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (body != null) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    @Override
    public String version() {
        return "HTTP/1.1";
    }

    @Override
    public int status() {
        return 0;
    }

    @Override
    public List<String> headerValues(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(h -> h.getKey().toLowerCase(Locale.ROOT).equals(lower))
                .map(Map.Entry::getValue).toList();
    }

    @Override
    public HttpMessageView request() {
        return this;
    }

    @Override
    public String backendName() {
        return "be";
    }

    @Override
    public String toString() {
        return method + " " + uri + " " + headers + (body == null ? "" : " body=" + new String(body,
                StandardCharsets.ISO_8859_1));
    }
}
