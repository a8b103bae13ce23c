package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Proxies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays the malformed-request corpus through Bascule on real sockets, end to end (the client connection,
 * the engine, a real backend), and checks each answer against the one the corpus records for Bascule: the
 * status, or "forwarded" when the backend saw the request.
 */
@Timeout(180)
class MalformedCorpusBasculeTest {
    private static CorpusBackend backend;
    private static Instance bascule;

    @BeforeAll
    static void start() throws Exception {
        backend = new CorpusBackend();
        bascule = Proxies.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 3s
                    timeout server 3s
                    timeout http-request 2s
                frontend fe
                    bind 127.0.0.1:0
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                """.formatted(backend.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (bascule != null) {
            bascule.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void basculeAnswersWhatTheCorpusRecords() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (HttpCorpus.Case c : HttpCorpus.load().cases()) {
            List<String> actual = MalformedCorpusHaproxyTest.replay(Proxies.port(bascule), c.bytes());
            List<String> expected = c.bascule().stream().map(o -> o.equals("pass") ? "forwarded" : o).toList();
            if (!actual.equals(expected)) {
                mismatches.add(c.name() + ": recorded " + String.join(" ", expected) + " but Bascule answered "
                        + String.join(" ", actual));
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
