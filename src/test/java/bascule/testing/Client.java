package bascule.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking test client with a read timeout, so a stuck proxy fails a test instead of hanging it. */
public final class Client implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    private Client(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    public static Client connect(int port) throws IOException {
        return connect(port, 5000);
    }

    public static Client connect(int port, int readTimeoutMillis) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(readTimeoutMillis);
        return new Client(s);
    }

    /** True if something on loopback accepts a connection on {@code port} right now. */
    public static boolean accepts(int port) {
        try (Client c = connect(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Socket socket() {
        return socket;
    }

    /** Reads one line (without the newline); null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    public void write(byte[] data) throws IOException {
        socket.getOutputStream().write(data);
        socket.getOutputStream().flush();
    }

    public void write(String s) throws IOException {
        write(s.getBytes(StandardCharsets.US_ASCII));
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads exactly n bytes. */
    public byte[] readExactly(int n) throws IOException {
        byte[] out = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(out, off, n - off);
            if (r < 0) {
                throw new IOException("end of stream after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return out;
    }

    /** Reads until end of stream. */
    public byte[] readAll() throws IOException {
        return in.readAllBytes();
    }

    /** True if the peer closed (EOF) within the read timeout, false if data arrived instead. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset counts as closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
