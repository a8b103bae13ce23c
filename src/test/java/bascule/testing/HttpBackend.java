package bascule.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP/1.1 server on a loopback port for tests: keep-alive, Content-Length and chunked request
 * bodies, and a record of every request exactly as it arrived (header names in their case and order).
 * By default it answers 200 with the body {@code "<name> <uri>"}; a handler can answer anything, raw.
 */
public final class HttpBackend implements AutoCloseable {
    /** One request as received. {@code headers} are "Name: value" lines in order. */
    public record Request(String method, String uri, String version, List<String> headers, byte[] body,
                          int connection) {
        /** The first value of a header (case-insensitive name), or null. */
        public String header(String name) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (h.substring(0, colon).equalsIgnoreCase(name)) {
                    return h.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final String name;
    private final ServerSocket socket;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Function<Request, byte[]> handler;

    private HttpBackend(String name, Function<Request, byte[]> handler) throws IOException {
        this.name = name;
        this.handler = handler;
        this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A backend answering 200 with {@code "<name> <uri>"}. */
    public static HttpBackend start(String name) throws IOException {
        HttpBackend[] self = new HttpBackend[1];
        self[0] = new HttpBackend(name, r -> ok(name + " " + r.uri()));
        return self[0];
    }

    /** A backend whose handler returns the raw response bytes for each request. */
    public static HttpBackend start(String name, Function<Request, byte[]> handler) throws IOException {
        return new HttpBackend(name, handler);
    }

    /** A 200 response with a text body and a Content-Length. */
    public static byte[] ok(String body) {
        return response("200 OK", List.of(), body);
    }

    public static byte[] response(String status, List<String> headers, String body) {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("Content-Length: ").append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n\r\n");
        b.append(body);
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String name() {
        return name;
    }

    public List<Request> requests() {
        return requests;
    }

    public Request last() {
        return requests.get(requests.size() - 1);
    }

    /** Connections accepted so far (to see server-side keep-alive at work). */
    public int connections() {
        return connections.get();
    }

    public void handler(Function<Request, byte[]> h) {
        this.handler = h;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                open.add(s);
                int id = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, id));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int id) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split(" ", 3);
                List<String> headers = new ArrayList<>();
                String h;
                while ((h = readLine(in)) != null && !h.isEmpty()) {
                    headers.add(h);
                }
                Request probe = new Request(parts[0], parts[1], parts.length > 2 ? parts[2] : "", headers,
                        new byte[0], id);
                byte[] body;
                String te = probe.header("Transfer-Encoding");
                String cl = probe.header("Content-Length");
                if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                    body = readChunked(in);
                } else if (cl != null) {
                    body = in.readNBytes(Integer.parseInt(cl));
                } else {
                    body = new byte[0];
                }
                Request r = new Request(probe.method(), probe.uri(), probe.version(), headers, body, id);
                requests.add(r);
                byte[] answer = handler.apply(r);
                if (answer == null) {
                    return; // close without answering
                }
                if (r.method().equals("HEAD")) {
                    String a = new String(answer, StandardCharsets.ISO_8859_1);
                    int end = a.indexOf("\r\n\r\n");
                    answer = (end < 0 ? a : a.substring(0, end + 4)).getBytes(StandardCharsets.ISO_8859_1);
                }
                out.write(answer);
                out.flush();
                String conn = r.header("Connection");
                String head = new String(answer, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                if (conn != null && conn.equalsIgnoreCase("close") || head.contains("\r\nconnection: close\r\n")) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            if (size == null) {
                throw new IOException("eof in chunks");
            }
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                String t;
                while ((t = readLine(in)) != null && !t.isEmpty()) {
                    // trailers are dropped
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
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
        for (Socket s : open) {
            s.close();
        }
    }
}
