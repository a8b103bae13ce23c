package bascule.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake HAProxy agent ({@code agent-check}) on an ephemeral loopback port: on each connection it answers
 * the current reply (written as given, so include the line end) and closes. Built with
 * {@link #readingFirst}, it first reads one line (what {@code agent-send} sent) and records it. Plain
 * blocking sockets on virtual threads, independent of the Netty code under test.
 */
public final class TestAgent implements AutoCloseable {
    private final ServerSocket server;
    private final boolean readFirst;
    private final AtomicReference<String> reply;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private TestAgent(String reply, boolean readFirst) throws IOException {
        this.reply = new AtomicReference<>(reply);
        this.readFirst = readFirst;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        this.acceptor = Thread.ofVirtual().name("agent").start(this::acceptLoop);
    }

    /** An agent that answers {@code reply} as soon as a checker connects. */
    public static TestAgent answering(String reply) throws IOException {
        return new TestAgent(reply, false);
    }

    /** An agent that reads one line (recorded in {@link #received()}) before answering {@code reply}. */
    public static TestAgent readingFirst(String reply) throws IOException {
        return new TestAgent(reply, true);
    }

    /** What the next connections get. */
    public void answer(String newReply) {
        reply.set(newReply);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** The lines checkers sent (without line ends), in order. */
    public List<String> received() {
        return received;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(5000);
            if (readFirst) {
                received.add(readLine(s.getInputStream()));
            }
            s.getOutputStream().write(reply.get().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.shutdownOutput();
        } catch (IOException ignored) {
            // a health probe resetting the connection, or the checker gone: nothing to record
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
