package bascule.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers for tests. */
public final class Ports {
    private Ports() {
    }

    /**
     * A TCP port on 127.0.0.1 that was free a moment ago: binds port 0, reads what the kernel chose and
     * releases it. Another process could take it in between, so bind it soon.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * A loopback port where connections are refused, for as long as it is held. A port picked free and released
     * can be taken by another process (tests of other workers run in parallel) and then accept; this one stays
     * bound, without listening, and without SO_REUSEADDR, so nobody else can bind it and every connect is refused.
     */
    public static Refusing refusing() {
        try {
            Socket socket = new Socket();
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new Refusing(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** A held port that refuses connections; {@link #close} releases it. */
    public static final class Refusing implements AutoCloseable {
        private final Socket socket;

        private Refusing(Socket socket) {
            this.socket = socket;
        }

        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing held any more
            }
        }
    }
}
