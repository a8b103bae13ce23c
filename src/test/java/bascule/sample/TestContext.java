package bascule.sample;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A hand-written stream for fetch tests: fields are set directly by the test. */
final class TestContext implements SampleContext {
    InetSocketAddress source = new InetSocketAddress("192.0.2.10", 40000);
    InetSocketAddress destination = new InetSocketAddress("127.0.0.1", 8080);
    HttpMessageView request;
    HttpMessageView response;
    String frontend = "fe";
    String backend = "app";
    String server = "s1";
    Map<String, Integer> usable = new HashMap<>(Map.of("app", 2));
    boolean tls;
    final Variables variables = new Variables(new HashMap<>());
    String user;
    Set<String> groups = Set.of();

    TestContext(HttpMessageView request) {
        this.request = request;
    }

    static TestContext get(String uri) {
        return new TestContext(TestMessage.request("GET", uri));
    }

    @Override
    public InetSocketAddress source() {
        return source;
    }

    @Override
    public InetSocketAddress destination() {
        return destination;
    }

    @Override
    public HttpMessageView request() {
        return request;
    }

    @Override
    public HttpMessageView response() {
        return response;
    }

    @Override
    public String frontendName() {
        return frontend;
    }

    @Override
    public String backendName() {
        return backend;
    }

    @Override
    public String serverName() {
        return server;
    }

    @Override
    public int usableServers(String name) {
        return usable.getOrDefault(name, -1);
    }

    @Override
    public boolean tlsFrontend() {
        return tls;
    }

    @Override
    public Variables variables() {
        return variables;
    }

    @Override
    public String authenticatedUser(String userlist) {
        return "admins".equals(userlist) ? user : null;
    }

    @Override
    public Set<String> groupsOf(String userlist, String name) {
        return name != null && name.equals(user) ? groups : Set.of();
    }
}
