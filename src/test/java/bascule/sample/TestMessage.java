package bascule.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A hand-written request or response head for fetch tests. */
final class TestMessage implements HttpMessageView {
    private final String method;
    private final String uri;
    private final String version;
    private final int status;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();

    private TestMessage(String method, String uri, String version, int status) {
        this.method = method;
        this.uri = uri;
        this.version = version;
        this.status = status;
    }

    static TestMessage request(String method, String uri) {
        return new TestMessage(method, uri, "HTTP/1.1", 0);
    }

    static TestMessage response(int status) {
        return new TestMessage(null, null, "HTTP/1.1", status);
    }

    TestMessage header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }
}
