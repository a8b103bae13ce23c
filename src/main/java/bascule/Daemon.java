package bascule;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code -D}: the JVM cannot fork, so the parent starts a copy of itself in a new session with its output
 * detached, waits until the copy reports that its listeners are bound (or failed), and exits with that
 * outcome, as a daemonizing HAProxy does.
 */
final class Daemon {
    private Daemon() {
    }

    static int spawn(String[] args, String readyVariable) {
        try {
            Path ready = Files.createTempFile("bascule-ready", ".txt");
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                cmd.add("/usr/bin/setsid");
            }
            cmd.add(javaBin);
            cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put(readyVariable, ready.toString());
            java.lang.Process child = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String s = Files.readString(ready, StandardCharsets.UTF_8).trim();
                if (!s.isEmpty()) {
                    Files.deleteIfExists(ready);
                    if (s.equals("ok")) {
                        return 0;
                    }
                    System.err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : " + s);
                    return 1;
                }
                if (!child.isAlive()) {
                    System.err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : background process "
                            + "exited with status " + child.exitValue() + " before it was ready");
                    return 1;
                }
                Thread.sleep(20);
            }
            System.err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : background process did not "
                    + "report ready within 60s");
            return 1;
        } catch (IOException e) {
            System.err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : cannot daemonize: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** In the background copy: tells the waiting parent the outcome. Does nothing in a foreground run. */
    static void reportReady(String readyVariable, String outcome) {
        String path = System.getenv(readyVariable);
        if (path == null) {
            return;
        }
        try {
            Path tmp = Path.of(path + ".tmp");
            Files.writeString(tmp, outcome + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, Path.of(path), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // the parent will time out and say so
        }
    }
}
