package bascule;

import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy-compatible command-line flags. Harmless flags that HAProxy tooling passes ({@code -dM},
 * {@code -L name}, {@code -Ws}, {@code -W}) are accepted and noted at debug level.
 */
record CommandLine(List<String> files, boolean check, boolean debug, boolean daemon, boolean foreground,
                   String pidfile, int version, boolean quiet, List<Long> softStopPids, List<Long> hardStopPids,
                   List<String> notes) {

    static final String USAGE = """
            Usage: bascule [-f <cfgfile|cfgdir>]* [-c] [-d] [-D] [-db] [-p <pidfile>] [-q] [-v|-vv]
                           [-sf <pid>*] [-st <pid>*]
                   bascule demo
              -f  load a configuration file, or every *.cfg file of a directory in lexical order (repeatable)
              -c  check the configuration and exit (0 if valid, 1 otherwise)
              -d  foreground with debug output on stderr;  -db  foreground, no debug
              -D  run in the background (daemon);  -p <file>  write the process id to <file>
              -q  quiet: no notices or warnings on stderr
              -v  version;  -vv  version and build details (JDK, Netty, transport)
              -sf <pids>  once started, ask those processes to finish softly (SIGUSR1)
              -st <pids>  once started, stop those processes (SIGTERM)
            """;

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static CommandLine parse(String[] args) throws UsageException {
        List<String> files = new ArrayList<>();
        List<Long> sf = new ArrayList<>();
        List<Long> st = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean check = false;
        boolean debug = false;
        boolean daemon = false;
        boolean foreground = false;
        boolean quiet = false;
        String pidfile = null;
        int version = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-f" -> files.add(value(args, ++i, "-f"));
                case "-c" -> check = true;
                case "-d" -> debug = true;
                case "-db" -> foreground = true;
                case "-D" -> daemon = true;
                case "-p" -> pidfile = value(args, ++i, "-p");
                case "-q" -> quiet = true;
                case "-v" -> version = Math.max(version, 1);
                case "-vv" -> version = 2;
                case "-W", "-dM" -> notes.add("ignoring '" + a + "': not needed by Bascule");
                case "-Ws" -> notes.add("'-Ws': READY=1 is sent to $NOTIFY_SOCKET once listening (systemd notify)");
                case "-L" -> notes.add("ignoring '-L " + value(args, ++i, "-L")
                        + "': the local peer name is used with peers, which Bascule does not support yet");
                case "-sf", "-st" -> {
                    List<Long> into = a.equals("-sf") ? sf : st;
                    while (i + 1 < args.length && args[i + 1].matches("\\d+")) {
                        into.add(Long.parseLong(args[++i]));
                    }
                }
                case "--" -> {
                    while (i + 1 < args.length) {
                        files.add(args[++i]);
                    }
                }
                default -> {
                    if (a.startsWith("-dM")) {
                        notes.add("ignoring '" + a + "': not needed by Bascule");
                    } else if (a.startsWith("-")) {
                        throw new UsageException("unknown option '" + a + "'");
                    } else {
                        throw new UsageException("unexpected argument '" + a + "' (configuration files go after -f)");
                    }
                }
            }
        }
        if (files.isEmpty() && version == 0) {
            throw new UsageException("no configuration file given (use -f <file>)");
        }
        return new CommandLine(files, check, debug, daemon, foreground, pidfile, version, quiet, sf, st, notes);
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length) {
            throw new UsageException("'" + flag + "' expects an argument");
        }
        return args[i];
    }
}
