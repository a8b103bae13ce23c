package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Proxies;
import bascule.testing.TestBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way operators really use the stats socket: {@code echo "show stat" | socat stdio /path/admin.sock}.
 * Skipped where socat is missing, but required under CI (CI=true), where .ci/run installs it.
 */
class SocatTest {
    @TempDir
    Path dir;

    static void assumeSocat() {
        boolean available;
        try {
            Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            available = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        if (System.getenv("CI") != null && !available) {
            throw new AssertionError("socat is required under CI (apt-get install socat)");
        }
        Assumptions.assumeTrue(available, "socat is not installed");
    }

    static String socat(String input, String... args) throws Exception {
        Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("socat finished").isTrue();
        return new String(out, StandardCharsets.US_ASCII);
    }

    @Test
    void operatorsPipeCommandsThroughSocat() throws Exception {
        assumeSocat();
        Path sock = dir.resolve("admin.sock");
        try (TestBackend s1 = TestBackend.greeting("s1");
             Instance proxy = Proxies.start("""
                     global
                         stats socket %s mode 660 level admin
                     defaults
                         mode tcp
                         timeout connect 1s
                         timeout client 5s
                         timeout server 5s
                     listen app
                         bind 127.0.0.1:0
                         server s1 %s
                     """.formatted(sock, s1.address()))) {
            String stat = socat("show stat\n", "socat", "stdio", sock.toString());
            assertThat(stat).startsWith(StatsSocketTest.HEADER + "\napp,FRONTEND,").endsWith("\n\n");
            assertThat(stat.split("\n")).hasSize(4);

            assertThat(socat("set server app/s1 state drain\n", "socat", "stdio", sock.toString())).isEqualTo("\n");
            assertThat(proxy.runtime().backends().get("app").server("s1").adminState())
                    .isEqualTo(bascule.proxy.AdminState.DRAIN);
            assertThat(socat("show servers state app\n", "socat", "stdio", "UNIX-CONNECT:" + sock))
                    .contains("\n2 app 1 s1 127.0.0.1 2 8 1 1 ");

            // Interactive: socat keeps the connection while stdin is open; 'quit' ends the session.
            String interactive = socat("prompt\nshow cli level\nquit\n", "socat", "-", "UNIX-CONNECT:" + sock);
            assertThat(interactive).isEqualTo("\n> admin\n\n> ");
        }
    }
}
