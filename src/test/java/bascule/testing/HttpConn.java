package bascule.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A raw HTTP/1.1 client connection for tests: writes exactly the bytes given and parses responses
 * (Content-Length, chunked, or until close), so tests can see headers as sent and send malformed input.
 */
public final class HttpConn implements AutoCloseable {
    /** One response. {@code headers} are "name: value" lines as received; {@code raw} is the whole head. */
    public record Response(int status, String reason, List<String> headers, byte[] body, String head) {
        public String header(String name) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (h.substring(0, colon).equalsIgnoreCase(name)) {
                    return h.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (h.substring(0, colon).equalsIgnoreCase(name)) {
                    out.add(h.substring(colon + 1).trim());
                }
            }
            return out;
        }

        public String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final Socket socket;
    private final InputStream in;

    public HttpConn(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** One GET with a Host header. */
    public static Response get(int port, String uri, String... headers) throws IOException {
        try (HttpConn c = new HttpConn(port)) {
            return c.request("GET", uri, headers);
        }
    }

    public Response request(String method, String uri, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(method).append(' ').append(uri).append(" HTTP/1.1\r\nHost: test\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("\r\n");
        send(b.toString());
        return read("HEAD".equals(method));
    }

    public HttpConn send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public HttpConn send(byte[] raw) throws IOException {
        socket.getOutputStream().write(raw);
        socket.getOutputStream().flush();
        return this;
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code noBody} for the answer to a HEAD request. */
    public Response read(boolean noBody) throws IOException {
        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        StringBuilder head = new StringBuilder(status).append("\r\n");
        List<String> headers = new ArrayList<>();
        String h;
        while ((h = readLine()) != null && !h.isEmpty()) {
            headers.add(h);
            head.append(h).append("\r\n");
        }
        String[] p = status.split(" ", 3);
        int code = Integer.parseInt(p[1]);
        Response partial = new Response(code, p.length > 2 ? p[2] : "", headers, new byte[0], head.toString());
        byte[] body;
        String te = partial.header("transfer-encoding");
        String cl = partial.header("content-length");
        if (noBody || code < 200 || code == 204 || code == 304) {
            body = new byte[0];
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String size = readLine();
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                out.write(in.readNBytes(n));
                readLine();
            }
            body = out.toByteArray();
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
        } else {
            body = in.readAllBytes();
        }
        return new Response(code, partial.reason(), headers, body, head.toString());
    }

    /** True when the server closed the connection (reads EOF within the socket timeout). */
    public boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Everything the server still sends until it closes, as text; a SocketTimeoutException when it keeps the
     * connection open past the socket timeout.
     */
    public String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** Exactly {@code n} raw bytes (after an upgrade), as text. */
    public String readBytes(int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    public Socket socket() {
        return socket;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] l = b.toByteArray();
                int len = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                return new String(l, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
