package bascule.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TCP backend on an ephemeral loopback port that holds a conversation with each connection, for
 * protocol tests (health checks speaking HTTP, redis, SMTP, PostgreSQL, MySQL). The conversation can be
 * swapped while running (a server that starts failing). Every byte read from each connection is recorded,
 * in accept order, so tests can assert what the proxy sent. Plain blocking sockets on virtual threads, with
 * a read timeout so that a stuck peer never hangs a test.
 */
public final class ScriptedBackend implements AutoCloseable {
    /** What the backend does with one connection; returning closes it. */
    @FunctionalInterface
    public interface Conversation {
        void talk(Connection c) throws IOException;
    }

    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile Conversation conversation;

    private ScriptedBackend(Conversation conversation) throws IOException {
        this.conversation = conversation;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.acceptor = Thread.ofVirtual().name("scripted-backend").start(this::acceptLoop);
    }

    public static ScriptedBackend start(Conversation conversation) throws IOException {
        return new ScriptedBackend(conversation);
    }

    /**
     * Answers the request with one HTTP/1.1 response (Content-Length framed), then reads until the client
     * closes: closing first with a request body still unread would reset the connection under the response.
     */
    public static Conversation http(int status, String reason, String body) {
        return c -> {
            c.readHead();
            c.write("HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: " + body.length()
                    + "\r\nContent-Type: text/plain\r\n\r\n" + body);
            c.drain();
        };
    }

    /** Reads whatever arrives first, answers {@code reply}, and keeps the connection until the peer closes. */
    public static Conversation replying(String reply) {
        return c -> {
            c.readSome();
            c.write(reply);
            c.drain();
        };
    }

    public void setConversation(Conversation conversation) {
        this.conversation = conversation;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    public int accepted() {
        return connections.size();
    }

    /** What each connection sent so far, in accept order, as ISO-8859-1 text (bytes map 1:1 to chars). */
    public List<String> received() {
        return connections.stream().map(Connection::received).toList();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setSoTimeout(5000);
                sockets.add(s);
                Connection c = new Connection(s);
                connections.add(c);
                Conversation talk = conversation;
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        talk.talk(c);
                    } catch (IOException ignored) {
                        // the proxy closed or reset: nothing to record
                    } finally {
                        sockets.remove(s);
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

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

    /** One accepted connection: reads are recorded. */
    public static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        synchronized String received() {
            return received.toString(StandardCharsets.ISO_8859_1);
        }

        private int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (this) {
                    received.write(b);
                }
            }
            return b;
        }

        /** Reads up to and including "\r\n\r\n" (an HTTP request head); returns it. */
        public String readHead() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = read()) >= 0) {
                b.append((char) c);
                if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            return b.toString();
        }

        /** Reads one line, without its "\r\n" or "\n"; null at end of stream. */
        public String readLine() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = read()) >= 0 && c != '\n') {
                b.append((char) c);
            }
            if (c < 0 && b.isEmpty()) {
                return null;
            }
            int n = b.length();
            return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
        }

        public byte[] readExactly(int n) throws IOException {
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                int c = read();
                if (c < 0) {
                    throw new IOException("end of stream after " + i + " of " + n + " bytes");
                }
                data[i] = (byte) c;
            }
            return data;
        }

        /** Reads what is available after at least one byte. */
        public void readSome() throws IOException {
            if (read() < 0) {
                return;
            }
            while (in.available() > 0 && read() >= 0) {
                // keep what already arrived with the first byte
            }
        }

        /** Reads until the peer closes (or resets, or the read timeout passes). */
        public void drain() {
            try {
                while (read() >= 0) {
                    // recorded
                }
            } catch (SocketTimeoutException e) {
                // the peer kept it open: done anyway
            } catch (IOException e) {
                // reset by the peer
            }
        }

        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        public void write(byte[] data) throws IOException {
            out.write(data);
            out.flush();
        }

        /** Stays silent (a hung server) until the peer closes. */
        public void hang() {
            drain();
        }

        public Socket socket() {
            return socket;
        }
    }
}
