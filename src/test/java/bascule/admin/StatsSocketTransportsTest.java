package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import bascule.Instance;
import bascule.testing.CliClient;
import bascule.testing.Client;
import bascule.testing.Ports;
import bascule.testing.Proxies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a stats socket can listen: UNIX sockets with and without epoll, TCP, and what a failed bind says. */
class StatsSocketTransportsTest {
    @TempDir
    Path dir;

    private static String config(String global, String socketLines) {
        return """
                global
                %s
                %s
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                listen app
                    bind 127.0.0.1:0
                    server s1 127.0.0.1:1
                """.formatted(global, socketLines);
    }

    @Test
    void unixSocketWithoutEpollUsesJavasOwnUnixSockets() throws Exception {
        Path sock = dir.resolve("nio.sock");
        try (Instance p = Proxies.start(config("    noepoll", "    stats socket " + sock + " level admin"))) {
            assertThat(p.transport().isEpoll()).isFalse();
            assertThat(CliClient.ask(sock, "show cli level;show backend")).isEqualTo("admin\n\n# name\napp\n\n");
        }
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path sock = dir.resolve("stale.sock");
        Files.writeString(sock, "left over by a crashed process");
        try (Instance p = Proxies.start(config("", "    stats socket " + sock))) {
            assertThat(CliClient.ask(sock, "show cli level")).isEqualTo("operator\n\n");
        }
    }

    @Test
    void tcpSocketSpeaksTheSameProtocol() throws Exception {
        int port = Ports.freePort();
        try (Instance p = Proxies.start(config("", "    stats socket ipv4@127.0.0.1:" + port + " level user"));
             Client c = Client.connect(port)) {
            c.write("show cli level\n");
            assertThat(new String(c.readAll(), StandardCharsets.US_ASCII)).isEqualTo("user\n\n");
        }
    }

    @Test
    void aSocketThatCannotBeBoundStopsTheStartWithHaproxysWords() {
        Throwable t = catchThrowable(() -> Proxies.start(config("",
                "    stats socket " + dir.resolve("missing/dir/x.sock"))));
        assertThat(t).hasMessage("Binding [test.cfg:3] for frontend GLOBAL: cannot bind UNIX socket "
                + "(No such file or directory) [" + dir.resolve("missing/dir/x.sock") + "]");
    }
}
