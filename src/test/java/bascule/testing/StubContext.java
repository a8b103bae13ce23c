package bascule.testing;

import bascule.sample.HttpMessageView;
import bascule.sample.SampleContext;
import bascule.sample.Variables;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * A sample context for tests that need only some of its facts: everything answers "nothing here"
 * (frontend "fe", no backend or server, no messages, no TLS, no users); a test implements what it needs.
 */
public interface StubContext extends SampleContext {
    @Override
    default InetSocketAddress source() {
        return null;
    }

    @Override
    default InetSocketAddress destination() {
        return null;
    }

    @Override
    default HttpMessageView request() {
        return null;
    }

    @Override
    default HttpMessageView response() {
        return null;
    }

    @Override
    default String frontendName() {
        return "fe";
    }

    @Override
    default String backendName() {
        return null;
    }

    @Override
    default String serverName() {
        return null;
    }

    @Override
    default int usableServers(String backend) {
        return -1;
    }

    @Override
    default boolean tlsFrontend() {
        return false;
    }

    @Override
    default Variables variables() {
        return null;
    }

    @Override
    default String authenticatedUser(String userlist) {
        return null;
    }

    @Override
    default Set<String> groupsOf(String userlist, String user) {
        return Set.of();
    }
}
