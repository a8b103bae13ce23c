package bascule.testing;

import bascule.Instance;
import bascule.model.Model;
import bascule.proxy.Messages;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts Bascule from configuration text for a test; use {@code bind 127.0.0.1:0} to get an ephemeral port. */
public final class Proxies {
    private Proxies() {
    }

    public static Instance start(String config) throws Exception {
        return start(config, new Recorded());
    }

    public static Instance start(String config, Messages messages) throws Exception {
        Model model = Instance.parse(config, "test.cfg");
        return Instance.start(model, messages);
    }

    /** The port of the n-th bound listener. */
    public static int port(Instance instance, int n) {
        return ((InetSocketAddress) instance.boundAddresses().get(n)).getPort();
    }

    public static int port(Instance instance) {
        return port(instance, 0);
    }

    /** Messages kept in memory, for assertions. */
    public static final class Recorded implements Messages {
        public final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void alert(String message) {
            lines.add("ALERT " + message);
        }

        @Override
        public void warning(String message) {
            lines.add("WARNING " + message);
        }

        @Override
        public void notice(String message) {
            lines.add("NOTICE " + message);
        }
    }
}
