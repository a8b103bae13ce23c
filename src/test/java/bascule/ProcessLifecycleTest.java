package bascule;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.testing.Await;
import bascule.testing.Client;
import bascule.testing.TestBackend;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real process: pidfile, signals (TERM, INT, USR1 soft stop) and -D daemon mode. */
class ProcessLifecycleTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path config(int port, TestBackend backend, String extraGlobal) throws IOException {
        Path cfg = dir.resolve("bascule.cfg");
        Files.writeString(cfg, """
                global
                %s
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                listen app
                    bind 127.0.0.1:%d
                    server s %s
                """.formatted(extraGlobal, port, backend.address()));
        return cfg;
    }

    private static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void awaitListening(int port) {
        Await.until("port " + port + " listening", Duration.ofSeconds(20), () -> Client.accepts(port));
    }

    private static void signal(long pid, String sig) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor()).isZero();
    }

    @Test
    void pidfileAndSigtermStopAtOnceWithExitZero() throws Exception {
        try (TestBackend b = TestBackend.echo("b")) {
            int port = freePort();
            Path pidfile = dir.resolve("b.pid");
            Process p = start("-f", config(port, b, "").toString(), "-p", pidfile.toString());
            try {
                awaitListening(port);
                Await.until("pidfile written", Duration.ofSeconds(10), () -> Files.exists(pidfile));
                assertThat(Files.readString(pidfile).trim()).isEqualTo(Long.toString(p.pid()));
                Client live = Client.connect(port);
                live.write("x");
                assertThat(live.readExactly(1)).containsExactly('x');
                signal(p.pid(), "TERM");
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
                assertThat(live.closedByPeer()).isTrue();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void sigusr1LetsLiveConnectionsFinishThenExits() throws Exception {
        try (TestBackend b = TestBackend.echo("b")) {
            int port = freePort();
            Process p = start("-f", config(port, b, "").toString());
            try {
                awaitListening(port);
                Client live = Client.connect(port);
                live.write("1");
                assertThat(live.readExactly(1)).containsExactly('1');
                signal(p.pid(), "USR1");
                Await.until("listener closed", Duration.ofSeconds(10), () -> !Client.accepts(port));
                live.write("2");
                assertThat(live.readExactly(1)).containsExactly('2');
                assertThat(p.isAlive()).isTrue();
                live.close();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void hardStopAfterBoundsTheSoftStop() throws Exception {
        try (TestBackend b = TestBackend.echo("b")) {
            int port = freePort();
            Process p = start("-f", config(port, b, "    hard-stop-after 300ms").toString());
            try {
                awaitListening(port);
                Client live = Client.connect(port);
                live.write("1");
                assertThat(live.readExactly(1)).containsExactly('1');
                signal(p.pid(), "USR1");
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
                assertThat(live.closedByPeer()).isTrue();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void daemonModeReturnsOnceListeningAndKeepsRunning() throws Exception {
        try (TestBackend b = TestBackend.greeting("bg")) {
            int port = freePort();
            Path pidfile = dir.resolve("d.pid");
            Process parent = start("-D", "-p", pidfile.toString(), "-f", config(port, b, "").toString());
            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(parent.exitValue()).isZero();
            long child = Long.parseLong(Files.readString(pidfile).trim());
            try {
                assertThat(child).isNotEqualTo(parent.pid());
                try (Client c = Client.connect(port)) {
                    assertThat(c.readLine()).isEqualTo("bg");
                }
            } finally {
                signal(child, "TERM");
                Await.until("daemon gone", Duration.ofSeconds(10),
                        () -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
            }
        }
    }

    @Test
    void adoptsAnInheritedListeningSocketWithFdAt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/python3").canExecute()
                || new ProcessBuilder("python3", "-c", "0").start().waitFor() == 0, "python3 needed to pass an fd");
        try (TestBackend b = TestBackend.greeting("viafd")) {
            int port = freePort();
            Path cfg = dir.resolve("fd.cfg");
            Files.writeString(cfg, """
                    defaults
                        mode tcp
                        timeout connect 1s
                        timeout client 30s
                        timeout server 30s
                    listen app
                        bind fd@3
                        server s %s
                    """.formatted(b.address()));
            // python3 plays systemd: it opens the listening socket as fd 3 and execs Bascule with it.
            String py = "import os,socket,sys\n"
                    + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                    + "s.bind(('127.0.0.1'," + port + ")); s.listen(64)\n"
                    + "os.dup2(s.fileno(), 3); os.set_inheritable(3, True)\n"
                    + "os.execv(sys.argv[1], sys.argv[1:])\n";
            List<String> cmd = new ArrayList<>(List.of("python3", "-c", py,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "-f", cfg.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Await.until("greeting through fd@3", Duration.ofSeconds(20), () -> {
                    try (Client c = Client.connect(port, 2000)) {
                        return "viafd".equals(c.readLine());
                    } catch (IOException e) {
                        return false;
                    }
                });
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void bindFailureIsReportedAndExitsOne() throws Exception {
        try (TestBackend b = TestBackend.echo("b"); ServerSocket taken = new ServerSocket(0)) {
            Process p = start("-f", config(taken.getLocalPort(), b, "").toString());
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
        }
    }
}
