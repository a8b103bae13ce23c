package bascule;

import bascule.config.ConfigErrors;
import bascule.config.ConfigException;
import bascule.model.Model;
import bascule.proxy.Messages;
import bascule.proxy.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/** The {@code bascule} command: HAProxy's command line, process lifecycle and signals. */
public final class Main {
    private static final String DAEMON_CHILD = "BASCULE_DAEMON_READY_FILE";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        long pid = ProcessHandle.current().pid();
        if (args.length > 0 && args[0].equals("demo")) {
            return Demo.run(args);
        }
        CommandLine cl;
        try {
            cl = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            System.err.println("[ALERT]    (" + pid + ") : " + e.getMessage());
            System.err.print(CommandLine.USAGE);
            return 1;
        }
        if (cl.version() > 0) {
            printVersion(cl.version());
            return 0;
        }
        if (cl.debug()) {
            cl.notes().forEach(n -> System.err.println("[DEBUG]    (" + pid + ") : " + n));
        }
        Model model;
        try {
            model = Instance.load(cl.files().stream().map(Path::of).toList());
        } catch (ConfigErrors e) {
            for (ConfigException x : e.errors()) {
                System.err.println("[ALERT]    (" + pid + ") : config : " + x.getMessage());
            }
            System.err.println("[ALERT]    (" + pid + ") : config : Fatal errors found in configuration.");
            return 1;
        } catch (IOException e) {
            System.err.println("[ALERT]    (" + pid + ") : config : cannot read configuration: " + e.getMessage());
            return 1;
        }
        boolean quiet = cl.quiet() || model.global().quiet();
        Messages messages = Messages.stderr(quiet);
        model.warnings().forEach(messages::warning);
        if (cl.check()) {
            if (!quiet) {
                System.out.println("Configuration file is valid");
            }
            return 0;
        }
        boolean daemon = (cl.daemon() || model.global().daemon()) && !cl.debug() && !cl.foreground();
        if (daemon && System.getenv(DAEMON_CHILD) == null) {
            return Daemon.spawn(args, DAEMON_CHILD);
        }

        if (!model.global().logs().isEmpty()) {
            try {
                // Process messages go to the 'log' targets, and to stderr as well while in the foreground.
                messages = new bascule.log.SyslogMessages(model.global().logs(), model.global().logTag(), messages);
            } catch (IOException e) {
                messages.alert("cannot open log target: " + e.getMessage() + "; logging to stderr only");
            }
        }
        // Signals are handled from before the listeners are bound: whoever sees the port open may signal at once,
        // and a SIGUSR1 or SIGTERM reaching the JVM's default handling would kill the process (status 138, 143)
        // instead of stopping it. A SIGUSR1 that comes during start-up soft-stops as soon as the start is done.
        CountDownLatch stop = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Instance> started = new java.util.concurrent.atomic.AtomicReference<>();
        Signal.handle(new Signal("TERM"), s -> Runtime.getRuntime().halt(0));
        Signal.handle(new Signal("INT"), s -> Runtime.getRuntime().halt(0));
        Signal.handle(new Signal("USR1"), s -> stop.countDown());
        // HAProxy answers SIGHUP by logging the state of its servers; the JVM's default would exit.
        Messages hupLog = messages;
        Signal.handle(new Signal("HUP"), s -> {
            Instance running = started.get();
            if (running != null) {
                running.runtime().backends().values().forEach(b -> b.servers().forEach(sv -> hupLog.notice(
                        "SIGHUP: Server " + sv + " is " + (sv.isUsable() ? "UP" : "DOWN") + ". Conn: "
                                + sv.currentConnections() + " act, 0 pend, " + sv.totalConnections() + " tot.")));
            }
        });
        Instance instance;
        try {
            instance = Instance.start(model, messages);
            started.set(instance);
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            System.err.println("[ALERT]    (" + pid + ") : " + msg);
            Daemon.reportReady(DAEMON_CHILD, "error: " + msg);
            return 1;
        }
        messages.notice("using the " + instance.transport().name() + " transport"
                + (instance.transport().isEpoll() ? "" : " (epoll: " + (model.global().noEpoll() ? "disabled by "
                + "'noepoll'" : Transport.epollUnavailabilityReason()) + ")"));
        if (cl.debug()) {
            instance.boundAddresses().forEach(a -> System.err.println("[DEBUG]    (" + pid + ") : listening on "
                    + a));
        }
        String pidfile = cl.pidfile() != null ? cl.pidfile() : model.global().pidfile();
        if (pidfile != null) {
            try {
                Path target = Path.of(pidfile);
                Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
                Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                messages.alert("cannot create pidfile " + pidfile + ": " + e.getMessage());
            }
        }
        signalOldProcesses(cl.softStopPids(), "USR1", messages);
        signalOldProcesses(cl.hardStopPids(), "TERM", messages);

        int[] exit = {0};
        Messages log = messages;
        Daemon.reportReady(DAEMON_CHILD, "ok");
        SystemdNotify.ready(log);
        try {
            stop.await();
            messages.notice("soft stop: no longer accepting connections, " + instance.runtime().activeStreams()
                    + " streams still active");
            boolean drained = instance.softStop(model.global().hardStopAfter());
            if (!drained) {
                messages.warning("hard-stop-after reached: closing the remaining streams");
            }
            if (messages instanceof AutoCloseable c) {
                c.close(); // sends the last queued log lines
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit[0] = 1;
        } catch (Exception e) {
            exit[0] = 1;
        }
        return exit[0];
    }

    private static void signalOldProcesses(List<Long> pids, String signal, Messages messages) {
        for (long p : pids) {
            try {
                java.lang.Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p))
                        .redirectErrorStream(true).start();
                if (k.waitFor() != 0) {
                    messages.warning("could not send SIG" + signal + " to process " + p);
                }
            } catch (IOException e) {
                messages.warning("could not send SIG" + signal + " to process " + p + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void printVersion(int level) {
        System.out.println("Bascule version " + BuildInfo.version() + " - HAProxy 2.6 compatible load balancer");
        if (level > 1) {
            List<String> lines = new ArrayList<>();
            lines.add("Running on: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                    + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"));
            lines.add("Netty: " + BuildInfo.nettyVersion());
            Transport t = Transport.choose(false);
            lines.add("Transport: " + t.name() + (t.isEpoll() ? " (native)" : " (epoll unavailable: "
                    + Transport.epollUnavailabilityReason() + ")"));
            lines.add("Available cores: " + Runtime.getRuntime().availableProcessors());
            lines.forEach(System.out::println);
        }
    }
}
