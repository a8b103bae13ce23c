package bascule.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A small HTTP/1.1 origin for corpus replays: reads each request (Content-Length or chunked body, as a
 * proxy forwards it), answers 200 with an {@code X-Backend: yes} header and the received head as the body,
 * keeps the connection alive. Blocking sockets on virtual threads, independent of the Netty code under test.
 */
final class CorpusBackend implements AutoCloseable {
    private final ServerSocket server;

    CorpusBackend() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        Thread.ofVirtual().name("corpus-backend").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String lower = head.toLowerCase(Locale.ROOT);
                if (lower.contains("\ntransfer-encoding:") && lower.contains("chunked")) {
                    readChunked(in);
                } else {
                    int at = lower.indexOf("\ncontent-length:");
                    if (at >= 0) {
                        int end = lower.indexOf('\r', at);
                        long n = Long.parseLong(lower.substring(at + 16, end).strip());
                        in.readNBytes((int) n);
                    }
                }
                byte[] body = head.getBytes(StandardCharsets.ISO_8859_1);
                out.write(("HTTP/1.1 200 OK\r\nX-Backend: yes\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the proxy aborted: nothing to answer
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed in a chunk");
            }
            sb.append((char) b);
        }
        return sb.toString().strip();
    }

    private static void readChunked(InputStream in) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong(semi < 0 ? sizeLine : sizeLine.substring(0, semi).strip(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return;
            }
            in.readNBytes((int) size);
            readLine(in);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
