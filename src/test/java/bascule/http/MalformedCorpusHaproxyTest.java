package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.testing.HaproxyOracle;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays the malformed-request corpus through the real HAProxy and checks that HAProxy still answers what
 * the corpus records for it, so that the recorded oracle values stay true. Every case is sent on a fresh
 * connection, followed by a half-close; what comes back is read until HAProxy closes.
 */
@Timeout(180)
class MalformedCorpusHaproxyTest {
    private static CorpusBackend backend;
    private static HaproxyOracle haproxy;

    @BeforeAll
    static void start() throws IOException {
        HaproxyOracle.assumeAvailable();
        backend = new CorpusBackend();
        haproxy = HaproxyOracle.startOnFreePorts((port, ready) -> """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 3s
                    timeout server 3s
                    timeout http-request 2s
                frontend ready
                    bind 127.0.0.1:%d
                    tcp-request connection reject
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                """.formatted(ready, port, backend.port()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (haproxy != null) {
            haproxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void haproxyStillAnswersWhatTheCorpusRecords() throws IOException {
        List<String> mismatches = new ArrayList<>();
        for (HttpCorpus.Case c : HttpCorpus.load().cases()) {
            List<String> actual = replay(haproxy.port(), c.bytes());
            if (!c.haproxyAlternatives().contains(actual)) {
                mismatches.add(c.name() + ": recorded " + String.join(" ", c.haproxy())
                        + " but HAProxy answered " + String.join(" ", actual));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** Sends the bytes, half-closes, and lists each response: "forwarded" from the backend, else its status. */
    static List<String> replay(int port, byte[] bytes) throws IOException {
        List<String> outcomes = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            s.setSoTimeout(6000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            s.shutdownOutput();
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (true) {
                String head;
                try {
                    head = readHead(in);
                } catch (SocketTimeoutException e) {
                    outcomes.add("timeout");
                    break;
                } catch (IOException e) {
                    break; // reset: same as a close for our purpose
                }
                if (head == null) {
                    break;
                }
                String lower = head.toLowerCase(Locale.ROOT);
                outcomes.add(lower.contains("\nx-backend: yes") ? "forwarded" : head.substring(9, 12));
                int at = lower.indexOf("\ncontent-length:");
                if (at >= 0) {
                    int end = lower.indexOf('\r', at);
                    in.readNBytes(Integer.parseInt(lower.substring(at + 16, end).strip()));
                } else if (!lower.contains("\nx-backend: yes")) {
                    break; // HAProxy's own error pages end with the connection
                }
            }
        }
        if (outcomes.isEmpty()) {
            outcomes.add("closed");
        }
        return outcomes;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
