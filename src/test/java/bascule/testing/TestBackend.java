package bascule.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP backend on an ephemeral loopback port, for tests. On each connection it first writes
 * {@code greeting} (its name and a newline, unless empty), then echoes whatever it reads until the client
 * half-closes, then half-closes too. It counts accepted and live connections.
 * Plain blocking sockets on virtual threads: deliberately independent of the Netty code under test.
 */
public final class TestBackend implements AutoCloseable {
    private final String name;
    private final ServerSocket server;
    private final boolean greet;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private TestBackend(String name, boolean greet) throws IOException {
        this(name, greet, 0);
    }

    private TestBackend(String name, boolean greet, int port) throws IOException {
        this.name = name;
        this.greet = greet;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        this.acceptor = Thread.ofVirtual().name("backend-" + name).start(this::acceptLoop);
    }

    /** A backend that writes {@code name + "\n"} on connect, then echoes. */
    public static TestBackend greeting(String name) throws IOException {
        return new TestBackend(name, true);
    }

    /** A greeting backend on a given port (to bring a stopped server back on the same address). */
    public static TestBackend greeting(String name, int port) throws IOException {
        return new TestBackend(name, true, port);
    }

    /** A backend that only echoes. */
    public static TestBackend echo(String name) throws IOException {
        return new TestBackend(name, false);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    public int accepted() {
        return accepted.get();
    }

    public int live() {
        return live.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                live.incrementAndGet();
                sockets.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            OutputStream out = s.getOutputStream();
            if (greet) {
                out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            s.shutdownOutput();
        } catch (IOException ignored) {
            // client went away: nothing to record
        } finally {
            live.decrementAndGet();
            sockets.remove(s);
        }
    }

    /** Stops accepting (connects are refused) but lets live connections go on, like a server shutting down. */
    public void stopListening() throws IOException {
        server.close();
    }

    /** Closes the listening socket and every live connection, like a crashed server. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
