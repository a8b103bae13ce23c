package bascule.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code haproxy} binary as the reference implementation for differential tests: same
 * configuration, same traffic, compare what HAProxy does with what Bascule does.
 *
 * <p>{@link #start} writes the configuration to a temporary file, runs {@code haproxy -db -f <file>}
 * (foreground, no daemon) and returns once a given loopback port accepts TCP connections, or fails with
 * HAProxy's own output if it exits or the deadline passes. {@link #close} stops it. The binary is
 * {@code $HAPROXY_BIN} or {@code haproxy} on the PATH; tests call {@link #available()} in a JUnit
 * assumption so that they are skipped, not failed, where HAProxy is not installed.
 *
 * <p>Probing a port opens a connection, and a connection to a load-balanced port is itself balanced.
 * Give HAProxy a separate readiness listener (for example a {@code frontend} that only does
 * {@code tcp-request connection reject}) so that probes do not disturb what the test observes; HAProxy
 * binds all its listeners before serving any of them.
 */
public final class HaproxyOracle implements AutoCloseable {
    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    private final Process process;
    private final Path configFile;
    private final Path logFile;
    private final int port;

    private HaproxyOracle(Process process, Path configFile, Path logFile, int port) {
        this.process = process;
        this.configFile = configFile;
        this.logFile = logFile;
        this.port = port;
    }

    /** The command that runs HAProxy. */
    public static String binary() {
        String configured = System.getenv("HAPROXY_BIN");
        return configured == null || configured.isBlank() ? "haproxy" : configured;
    }

    /** True when {@code haproxy -v} runs and succeeds; checked once per JVM. */
    public static boolean available() {
        return Probe.AVAILABLE;
    }

    /**
     * Skips the calling test when haproxy is missing on a developer machine, but fails it under CI
     * (CI=true), where .ci/run installs haproxy and a skipped differential test would hide a gap.
     */
    public static void assumeAvailable() {
        if (System.getenv("CI") != null && !available()) {
            throw new AssertionError("haproxy is required under CI for differential tests (apt-get install haproxy)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available(), "haproxy is not installed");
    }

    /** Lazy, once-only check, without a mutable static. */
    private static final class Probe {
        static final boolean AVAILABLE = probeBinary();
    }

    private static boolean probeBinary() {
        try {
            Process p = new ProcessBuilder(binary(), "-v").redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A configuration that listens on a service port and a separate readiness port. */
    @FunctionalInterface
    public interface PortsConfig {
        String text(int port, int readyPort);
    }

    /**
     * Picks two free loopback ports, starts HAProxy with {@code config} built from them and waits for the
     * readiness port. A free port can be taken by someone else before HAProxy binds it; then this tries
     * again with new ports (three attempts). {@link #port()} tells the service port chosen.
     */
    public static HaproxyOracle startOnFreePorts(PortsConfig config) {
        for (int attempt = 1; ; attempt++) {
            int port = Ports.freePort();
            int readyPort = Ports.freePort();
            try {
                return launch(config.text(port, readyPort), port, readyPort, DEFAULT_DEADLINE);
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("cannot bind")) {
                    throw e;
                }
            }
        }
    }

    /** The service port chosen by {@link #startOnFreePorts}, 0 otherwise. */
    public int port() {
        return port;
    }

    /** Starts HAProxy with {@code config} and waits (10 s at most) until 127.0.0.1:{@code readyPort} accepts. */
    public static HaproxyOracle start(String config, int readyPort) {
        return start(config, readyPort, DEFAULT_DEADLINE);
    }

    public static HaproxyOracle start(String config, int readyPort, Duration deadline) {
        return launch(config, 0, readyPort, deadline);
    }

    private static HaproxyOracle launch(String config, int port, int readyPort, Duration deadline) {
        Path file;
        Path log;
        try {
            file = Files.createTempFile("bascule-oracle-", ".cfg");
            log = Files.createTempFile("bascule-oracle-", ".log");
            Files.writeString(file, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HAProxy configuration", e);
        }
        Process process;
        try {
            // Output goes to a file rather than a pipe: nothing to drain, nothing lost when HAProxy exits.
            process = new ProcessBuilder(binary(), "-db", "-f", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            deleteQuietly(file);
            deleteQuietly(log);
            throw new UncheckedIOException("cannot run " + binary(), e);
        }
        HaproxyOracle oracle = new HaproxyOracle(process, file, log, port);
        try {
            oracle.awaitPort(readyPort, deadline);
        } catch (RuntimeException | Error e) {
            oracle.close();
            throw e;
        }
        return oracle;
    }

    private void awaitPort(int port, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        long pauseMillis = 5;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited with status " + process.exitValue()
                        + " before listening on port " + port + ":\n" + output());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                // not listening yet: wait for the process a little, then probe again
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("haproxy did not listen on port " + port + " within "
                        + deadline + ":\n" + output());
            }
            try {
                // Returns at once if HAProxy exits, so a broken configuration fails fast.
                process.waitFor(Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for haproxy", e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 100);
        }
    }

    /** What HAProxy printed so far (its stdout and stderr), for failure messages. */
    public String output() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unavailable: " + e + ")";
        }
    }

    /** The underlying process, for tests that signal it. */
    public Process process() {
        return process;
    }

    /** Stops HAProxy (SIGTERM, then SIGKILL after 5 s) and removes the configuration file. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(configFile);
            deleteQuietly(logFile);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray temporary file is harmless
        }
    }
}
