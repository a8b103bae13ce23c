package bascule.proxy;

import bascule.sample.HttpMessageView;
import bascule.sample.SampleContext;
import bascule.sample.Variables;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sample context of a TCP-mode stream: the layer-4 facts (addresses, proxy names, server counts) that
 * {@code use_backend} conditions may read at accept time. HTTP transactions extend it with the messages.
 */
public class StreamContext implements SampleContext {
    /** {@code proc.*} variables, shared by every stream of the process. */
    public static final Map<String, bascule.sample.Sample> PROCESS_VARIABLES = new ConcurrentHashMap<>();

    private final Channel client;
    private final Frontend frontend;
    private Variables variables;
    protected Backend backend;
    protected Server server;
    private InetSocketAddress sourceOverride;

    public StreamContext(Channel client, Frontend frontend) {
        this.client = client;
        this.frontend = frontend;
    }

    @Override
    public InetSocketAddress source() {
        if (sourceOverride != null) {
            return sourceOverride;
        }
        return client.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    /** {@code http-request set-src}: later fetches of {@code src} see this address. */
    public void setSource(InetSocketAddress address) {
        this.sourceOverride = address;
    }

    @Override
    public InetSocketAddress destination() {
        return client.localAddress() instanceof InetSocketAddress a ? a : null;
    }

    @Override
    public HttpMessageView request() {
        return null;
    }

    @Override
    public HttpMessageView response() {
        return null;
    }

    @Override
    public String frontendName() {
        return frontend.name();
    }

    @Override
    public String backendName() {
        return backend == null ? null : backend.name();
    }

    @Override
    public String serverName() {
        return server == null ? null : server.name();
    }

    @Override
    public int usableServers(String name) {
        Backend b = name == null ? backend : frontend.backend(name);
        if (b == null) {
            return -1;
        }
        int[] counts = b.usableCounts();
        return counts[0] > 0 ? counts[0] : counts[1];
    }

    @Override
    public boolean tlsFrontend() {
        return false;
    }

    @Override
    public Variables variables() {
        if (variables == null) {
            variables = new Variables(PROCESS_VARIABLES);
        }
        return variables;
    }

    @Override
    public String authenticatedUser(String userlist) {
        return null;
    }

    @Override
    public Set<String> groupsOf(String userlist, String user) {
        return Set.of();
    }

    public Frontend frontend() {
        return frontend;
    }

    public Channel clientChannel() {
        return client;
    }
}
