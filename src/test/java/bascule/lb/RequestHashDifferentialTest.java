package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Balance;
import bascule.model.HashFunction;
import bascule.model.HashType;
import bascule.sample.Sample;
import bascule.sample.SampleExpr;
import bascule.testing.HaproxyOracle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Differential test of the request-hashing algorithms against the real HAProxy in HTTP mode: the same
 * requests go through HAProxy, whose servers answer with their own name, and straight to Bascule's
 * balancer; each must land on the same server. Requests without the key are mixed in, so the
 * round-robin fallback must also walk the map or ring in HAProxy's order. Weights may carry a suffix
 * ({@code d} disabled, {@code b} backup) so that down servers and backup tiers are compared too.
 */
@Timeout(60)
class RequestHashDifferentialTest {

    /** Method and target, then fields after '|', then a body after '||'. */
    static final List<String> REQUESTS = List.of(
            "GET / | Host: www.example.com | X-Key: alpha",
            "GET /a | Host: example.com | X-Key: beta",
            "GET /a/b/c | Host: api.example.co.uk | X-Key: gamma",
            "GET /a/b?x=1 | Host: localhost | X-Key: delta",
            "GET /a/b/c/d/e/f?user=alice | Host: example.com:8080 | X-Key: alpha, beta",
            "GET /img/logo.png?v=3 | Host: a.b.c.d.e | X-Key: \"q,uoted\", z",
            "GET /users/42/profile?user=alice&lang=en | Host: host. | X-Key:   spaced   ",
            "GET /users/43/profile?lang=en&user=bob | Host: .leading",
            "GET /users/44?username=carol&user=dave | Host: www.example.com",
            "GET /search?q=a&user= | Host: static.cdn.example.net | X-Key: epsilon",
            "GET /search?user | Host: example.org | X-Key:",
            "GET /search?xuser=1 | Host: example.org | X-Key: zeta | X-Key: eta",
            "GET /x?user=alice | Host: www.example.com | x-key: theta",
            "GET /x;jsessionid=abc?user=eve | Host: shop.example.com | X-KEY: iota",
            "GET /deep/er/and/deeper/still?user=frank | Host: mail.example.com | X-Key: kappa",
            "GET /static/app.js | Host: www.example.com | X-Key: lambda",
            "GET /static/app.css | Host: www.example.org | X-Key: mu",
            "GET /static/img/a.png | Host: cdn.example.org | X-Key: nu",
            "GET /api/v1/items?page=2&user=gina | Host: api.example.com | X-Key: xi",
            "GET /api/v1/items/7 | Host: api.example.com",
            "GET /api/v2/items/7?user=gina | Host: api.example.net | X-Key: omicron",
            "GET /?user=hank | Host: example.net | X-Key: pi",
            "GET /?&&user=ivan&& | Host: example.net | X-Key: rho",
            "GET /?user=judy=2 | Host: example.io | X-Key: sigma",
            "GET /%7Euser/home?user=%41 | Host: example.io | X-Key: tau",
            "GET http://example.com/abs/path?user=kate | Host: example.com | X-Key: upsilon",
            "GET http://example.com/abs/other | Host: example.com | X-Key: phi",
            "GET /a//b///c | Host: www.example.com | X-Key: chi",
            "GET /abcdefghijklmnopqrstuvwxyz | Host: www.example.com | X-Key: psi",
            "GET /abcdefghij/klmnop | Host: www.example.com | X-Key: omega",
            "POST /form | Host: forms.example.com | Content-Type: application/x-www-form-urlencoded || user=leo&x=1",
            "POST /form | Host: forms.example.com | Content-Type: application/x-www-form-urlencoded || a=1&user=mia",
            "POST /form?user=nick | Host: forms.example.com || user=olga",
            "POST /form | Host: forms.example.com || nothing=here",
            "POST /form | Host: forms.example.com || user=\u00e9t\u00e9",
            "PUT /form | Host: forms.example.com || user=paul",
            "GET /q?user=quinn | Host: www.example.com | X-Key: alpha",
            "GET /q?user=quinn | Host: www.example.com | X-Key: beta",
            "GET /q?user=rose | Host: www.example.org | X-Key: gamma",
            "GET /r | Host: www.example.org",
            "GET /s | Host: www.example.org",
            "GET /t?user=sam | Host: w1.example.com | X-Key: 1",
            "GET /t?user=tina | Host: w2.example.com | X-Key: 2",
            "GET /t?user=uma | Host: w3.example.com | X-Key: 3",
            "GET /t?user=vic | Host: w4.example.com | X-Key: 4",
            "GET /t?user=walt | Host: w5.example.com | X-Key: 5",
            "GET /t?user=xena | Host: w6.example.com | X-Key: 6",
            "GET /t?user=yuri | Host: w7.example.com | X-Key: 7",
            "GET /t?user=zoe | Host: w8.example.com | X-Key: 8",
            "GET /u/1 | Host: one.example | X-Key: 9",
            "GET /u/2 | Host: two.example",
            "GET /u/3 | Host: three.example",
            "GET /u/4?user=amy | Host: four.example | X-Key: 10",
            "GET /u/5?user=bea | Host: five.example | X-Key: 11",
            "GET /u/6?user=cal | Host: six.example | X-Key: 12",
            "GET /v/a/b/c/d | Host: seven.example | X-Key: 13",
            "GET /v/a/b/c/e | Host: eight.example | X-Key: 14",
            "GET /v/a/x | Host: nine.example | X-Key: 15",
            "GET /w | Host: ten.example",
            "GET /w | Host: ten.example",
            "GET /w | Host: ten.example",
            "GET /end?user=alice | Host: www.example.com | X-Key: alpha");

    @BeforeAll
    static void haproxy() {
        HaproxyOracle.assumeAvailable();
    }

    @ParameterizedTest(name = "balance {0}, hash-type {1}, weights {2}")
    @CsvSource(delimiter = ';', value = {
        "uri; map-based; 1 2 3",
        "uri; consistent; 1 2 3",
        "uri whole; map-based sdbm avalanche; 2 3 5 1",
        "uri len 6 depth 2; map-based djb2; 1 1 1",
        "uri path-only; consistent wt6; 1 2 3",
        "uri depth 1 whole; map-based crc32; 3 1",
        "uri path-only whole; consistent crc32 avalanche; 1 1 1 1",
        "url_param user; map-based; 1 2 3",
        "url_param user check_post; consistent; 1 2 2",
        "url_param user; map-based djb2 avalanche; 4 2 1",
        "hdr(x-key); map-based; 1 2 3",
        "hdr(X-Key); consistent sdbm; 2 1 1",
        "hdr(Host) use_domain_only; map-based sdbm avalanche; 1 1 2 3",
        "hdr(host) use_domain_only; consistent; 1 2 3",
        "hdr(host); map-based wt6; 1 1",
        "hash path; map-based wt6 avalanche; 1 2 3",
        "hash path; consistent; 1 2",
        "hash path; map-based; 5 3 1",
        "uri; map-based; 1 2d 3 1b",
        "uri; consistent; 2 1d 1 1 3b",
        "url_param user; consistent sdbm avalanche; 1 0 2 1b",
        "hdr(x-key); map-based; 2 2d 0 1",
        "uri; consistent; 1d 2d 1b 1b",
        "url_param user; map-based; 1d 1b 2b",
    })
    void sameServerPerRequestAsHaproxy(String balanceLine, String hashTypeLine, String weightList) throws IOException {
        // A weight may carry a suffix: 'd' for a disabled server, 'b' for a backup.
        String[] tokens = weightList.trim().split("\\s+");
        int[] weights = Arrays.stream(tokens).mapToInt(t -> Integer.parseInt(t.replaceAll("[db]", ""))).toArray();
        List<TestRequest> requests = REQUESTS.stream().map(TestRequest::parse).toList();
        List<String> observed = new ArrayList<>();
        List<NameServer> servers = new ArrayList<>();
        try {
            for (int i = 1; i <= weights.length; i++) {
                servers.add(new NameServer("s" + i));
            }
            HaproxyOracle.PortsConfig config = (port, readyPort) -> {
                StringBuilder cfg = new StringBuilder("""
                        global
                          nbthread 1
                        defaults
                          mode http
                          timeout connect 2s
                          timeout client 10s
                          timeout server 10s
                        frontend ready
                          bind 127.0.0.1:%d
                          tcp-request connection reject
                        listen l
                          bind 127.0.0.1:%d
                          option http-buffer-request
                          balance %s
                          hash-type %s
                        """.formatted(readyPort, port, balanceLine, hashTypeLine));
                for (int i = 0; i < weights.length; i++) {
                    cfg.append("  server s%d 127.0.0.1:%d weight %d%s%s\n".formatted(
                            i + 1, servers.get(i).port(), weights[i], tokens[i].endsWith("d") ? " disabled" : "",
                            tokens[i].endsWith("b") ? " backup" : ""));
                }
                return cfg.toString();
            };
            try (HaproxyOracle oracle = HaproxyOracle.startOnFreePorts(config)) {
                for (TestRequest r : requests) {
                    observed.add(exchange(r, oracle));
                }
            }
        } finally {
            for (NameServer s : servers) {
                s.close();
            }
        }
        List<FakeServer> fakes = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            FakeServer f = new FakeServer("s" + (i + 1), i + 1, weights[i], tokens[i].endsWith("b"));
            fakes.add(f.usable(!tokens[i].endsWith("d")));
        }
        LoadBalancer lb = LoadBalancers.create(balance(balanceLine), hashType(hashTypeLine), fakes, false);
        List<String> ours = new ArrayList<>();
        for (TestRequest r : requests) {
            LbServer s = lb.pick(r.lb(), null);
            ours.add(s == null ? "-" : s.name());
        }
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (!ours.get(i).equals(observed.get(i))) {
                mismatches.add("request " + i + " (" + requests.get(i) + "): HAProxy chose " + observed.get(i)
                        + ", Bascule " + ours.get(i));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** The model of the {@code balance} line, the {@code hash path} expression written by hand. */
    private static Balance balance(String line) {
        List<String> w = List.of(line.split("\\s+"));
        String a = w.get(0);
        if (a.equals("uri")) {
            int len = w.contains("len") ? Integer.parseInt(w.get(w.indexOf("len") + 1)) : 0;
            int depth = w.contains("depth") ? Integer.parseInt(w.get(w.indexOf("depth") + 1)) : 0;
            return new Balance(new Balance.Uri(len, depth, w.contains("whole"), w.contains("path-only")));
        }
        if (a.equals("url_param")) {
            return new Balance(new Balance.UrlParam(w.get(1), w.contains("check_post")));
        }
        if (a.startsWith("hdr(")) {
            return new Balance(new Balance.Header(a.substring(4, a.length() - 1), w.contains("use_domain_only")));
        }
        if (line.equals("hash path")) {
            return new Balance(new Balance.Expression("path", PATH));
        }
        throw new IllegalArgumentException(line);
    }

    /** HAProxy's {@code path} fetch: the path of the target without its query string; none for "*". */
    static final SampleExpr PATH = context -> {
        String path = RequestKeys.path(context.request().uri());
        if (path.isEmpty()) {
            return null;
        }
        int q = path.indexOf('?');
        return Sample.string(q < 0 ? path : path.substring(0, q));
    };

    /** As the binder models {@code hash-type}: {@code consistent} alone implies avalanche. */
    private static HashType hashType(String line) {
        List<String> words = List.of(line.split("\\s+"));
        boolean consistent = words.get(0).equals("consistent");
        if (words.size() == 1) {
            return new HashType(consistent, HashFunction.SDBM, consistent);
        }
        return new HashType(consistent, HashFunction.valueOf(words.get(1).toUpperCase(Locale.ROOT)),
                words.contains("avalanche"));
    }

    /**
     * Sends one request through HAProxy and returns the body of the answer: the name of the server. A
     * refused connection never reached the balancer, so it is tried again (the oracle's port can be
     * briefly shared with a HAProxy of another test that is closing, both binding with SO_REUSEPORT).
     */
    private static String exchange(TestRequest request, HaproxyOracle oracle) {
        for (int attempt = 1; ; attempt++) {
            try {
                return exchangeOnce(request, oracle);
            } catch (UncheckedIOException e) {
                if (attempt >= 3 || !(e.getCause() instanceof java.net.ConnectException)) {
                    throw e;
                }
            }
        }
    }

    private static String exchangeOnce(TestRequest request, HaproxyOracle oracle) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), oracle.port()), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.wire());
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 200") || body < 0) {
                return "haproxy answered: " + response.lines().findFirst().orElse("nothing");
            }
            return response.substring(body + 4);
        } catch (IOException e) {
            throw new UncheckedIOException(request + " failed:\n" + oracle.output(), e);
        }
    }

    /** A loopback HTTP/1 server that answers every request with its own name and closes. */
    static final class NameServer implements AutoCloseable {
        private final String name;
        private final ServerSocket socket;
        private final Thread acceptor;

        NameServer(String name) throws IOException {
            this.name = name;
            this.socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.acceptor = Thread.ofVirtual().name("name-server-" + name).start(this::acceptLoop);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket c = socket.accept();
                    Thread.ofVirtual().start(() -> answer(c));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void answer(Socket c) {
            try (c) {
                c.setSoTimeout(5000);
                InputStream in = c.getInputStream();
                String head = readHead(in);
                int length = contentLength(head);
                in.readNBytes(length);
                byte[] body = name.getBytes(StandardCharsets.US_ASCII);
                OutputStream out = c.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The client went away; nothing to answer.
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
