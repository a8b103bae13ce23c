package bascule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: check mode, errors, version, directories of files, usage errors. */
class MainTest {
    record Result(int exit, String out, String err) {
    }

    private static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void checkModeAcceptsTheTcpSeeds() {
        Result r = run("-c", "-f", "src/test/resources/seeds/001-pgsql.cfg");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Configuration file is valid\n");
        assertThat(r.err()).contains("[WARNING]").contains("missing timeouts for frontend 'pgsql_frontend'");

        Result r3 = run("-c", "-f", "src/test/resources/seeds/003-tcp-service.cfg");
        assertThat(r3.exit()).isZero();
        assertThat(r3.out()).isEqualTo("Configuration file is valid\n");
    }

    @Test
    void checkModeReportsErrorsWithPositionsAndExitsOne() {
        Result r = run("-c", "-f", "src/test/resources/seeds/002-base.cfg");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("[ALERT]").contains("002-base.cfg:26: bind option 'ssl' is not supported yet")
                .contains("Fatal errors found in configuration.");
    }

    @Test
    void quietSuppressesWarningsAndTheValidLine() {
        Result r = run("-c", "-q", "-f", "src/test/resources/seeds/001-pgsql.cfg");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void directoryLoadsCfgFilesInLexicalOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("20-backend.cfg"), "backend be\n    server s 127.0.0.1:1\n");
        Files.writeString(dir.resolve("10-frontend.cfg"), "defaults\n    timeout connect 1s\n    timeout client 1s\n"
                + "    timeout server 1s\nfrontend fe\n    bind 127.0.0.1:0\n    default_backend be\n");
        Files.writeString(dir.resolve("notes.txt"), "this is not configuration\n");
        Result r = run("-c", "-f", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Configuration file is valid\n");
    }

    @Test
    void versionAndBuildDetails() {
        assertThat(run("-v").out()).startsWith("Bascule version ");
        Result vv = run("-vv");
        assertThat(vv.out()).contains("Netty: 4.2").contains("Transport: ").contains("Running on: ");
    }

    @Test
    void harmlessHaproxyFlagsAreAccepted() {
        Result r = run("-W", "-dM", "-L", "node1", "-c", "-f", "src/test/resources/seeds/001-pgsql.cfg", "-Ws");
        assertThat(r.exit()).isZero();
    }

    @Test
    void unknownFlagAndMissingFileAreErrors() {
        Result r = run("-x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown option '-x'").contains("Usage: bascule");
        Result missing = run("-c", "-f", "/nonexistent/haproxy.cfg");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("/nonexistent/haproxy.cfg");
    }
}
