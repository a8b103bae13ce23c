package bascule.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one command of the stats socket: splits it into words, finds the command and runs it, or answers
 * with HAProxy's usage text. HAProxy commands Bascule does not have are named as such.
 */
final class RuntimeApi {
    /** HAProxy 2.6 commands (by their leading words) that Bascule does not implement. */
    static final List<String> UNSUPPORTED = List.of("abort ssl", "add acl", "add map", "add ssl",
            "clear acl", "clear map", "clear table", "commit acl", "commit map", "commit ssl", "del acl", "del map",
            "del ssl", "disable dynamic-cookie", "disable frontend", "enable dynamic-cookie",
            "enable frontend", "get acl", "get map", "get var", "new ssl", "prepare acl", "prepare map",
            "set dynamic-cookie-key", "set map", "set profiling", "set severity-output", "set ssl",
            "set table", "show acl", "show activity", "show cache", "show events", "show fd", "show libs", "show map",
            "show peers", "show pools", "show profiling", "show resolvers", "show schema", "show servers conn",
            "show ssl", "show startup-logs", "show table", "show tasks", "show threads", "show tls-keys",
            "show trace", "shutdown frontend", "trace", "expert-mode", "experimental-mode", "debug");

    private final CommandTable table;

    RuntimeApi(AdminContext ctx) {
        List<CliCommand> all = new ArrayList<>();
        all.addAll(new ProcessCommands(ctx).commands());
        all.addAll(new ProxyCommands(ctx).commands());
        all.addAll(new ServerCommands(ctx).commands());
        all.addAll(new SessionCommands(ctx).commands());
        all.addAll(new DynamicServerCommands(ctx).commands());
        this.table = new CommandTable(all, UNSUPPORTED);
    }

    /** The output of one command (without the prompt that follows it). */
    String execute(String command, CliSession session) {
        List<String> args = CliArgs.split(command);
        if (args.isEmpty() || args.get(0).equals("help")) {
            return table.usage(args);
        }
        CliCommand c = table.find(args);
        if (c != null) {
            return c.handler().run(args, session);
        }
        String missing = table.unsupported(args);
        if (missing != null) {
            return "'" + missing + "' is not supported by Bascule yet (see docs/compatibility.md).\n";
        }
        return table.usage(args);
    }
}
