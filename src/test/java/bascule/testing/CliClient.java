package bascule.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A client of the stats socket over a UNIX socket (Java's own {@link SocketChannel}, independent of the Netty
 * code under test), with deadlines on every read. {@link #ask} is the non-interactive use (send, read until
 * the server closes), {@link #send}/{@link #readUntil} the interactive one.
 */
public final class CliClient implements AutoCloseable {
    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean eof;

    private CliClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    public static CliClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new CliClient(ch);
    }

    /** Sends {@code request} (a line feed is added if missing) and returns everything until the server closes. */
    public static String ask(Path socket, String request) throws IOException {
        try (CliClient c = connect(socket)) {
            c.send(request.endsWith("\n") ? request : request + "\n");
            return c.readToEnd(DEFAULT_DEADLINE);
        }
    }

    public void send(String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Reads until the output ends with {@code suffix}; returns it all (consumed). */
    public String readUntil(String suffix, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!pending.toString(StandardCharsets.ISO_8859_1).endsWith(suffix)) {
            if (eof) {
                throw new IOException("closed before '" + suffix.replace("\n", "\\n") + "'; got: " + take());
            }
            readSome(end);
        }
        return take();
    }

    /** Reads until the server closes; returns it all. */
    public String readToEnd(Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!eof) {
            readSome(end);
        }
        return take();
    }

    /** True if the server closed within the deadline (whatever it sent before is dropped). */
    public boolean closedWithin(Duration deadline) throws IOException {
        try {
            readToEnd(deadline);
            return true;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("no answer")) {
                return false;
            }
            throw e;
        }
    }

    private void readSome(long endNanos) throws IOException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new IOException("no answer within the deadline; got so far: "
                    + pending.toString(StandardCharsets.ISO_8859_1));
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
        ByteBuffer b = ByteBuffer.allocate(65536);
        int n = channel.read(b);
        if (n < 0) {
            eof = true;
        } else {
            pending.write(b.array(), 0, n);
        }
    }

    private String take() {
        String s = pending.toString(StandardCharsets.ISO_8859_1);
        pending.reset();
        return s;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
