package bascule.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The runtime API's commands, found by their leading words as HAProxy finds them, and HAProxy's help and
 * "Unknown command" answers: the commands whose first words match the request, narrowed by how alike the
 * remaining words look ({@link Fingerprint}), sorted by usage, followed by help, prompt and quit. HAProxy
 * commands that Bascule does not implement are recognised and answered as such rather than as unknown.
 */
final class CommandTable {
    /** HAProxy keeps this many fuzzy candidates ({@code CLI_MAX_MATCHES}). */
    private static final int MAX_MATCHES = 5;
    /** Words of a command taken into account ({@code CLI_PREFIX_KW_NB}). */
    private static final int PREFIX_WORDS = 5;

    static final String ALWAYS = "  help [<command>]                        : list matching or all commands\n"
            + "  prompt                                  : toggle interactive mode with prompt\n"
            + "  quit                                    : disconnect\n";

    private final List<CliCommand> commands;
    private final List<List<String>> unsupported;

    CommandTable(List<CliCommand> commands, List<String> unsupportedPrefixes) {
        this.commands = List.copyOf(commands);
        List<List<String>> u = new ArrayList<>();
        for (String p : unsupportedPrefixes) {
            u.add(List.of(p.split(" ")));
        }
        this.unsupported = List.copyOf(u);
    }

    /** The first command whose words start the request, or null. */
    CliCommand find(List<String> args) {
        for (CliCommand c : commands) {
            if (c.matches(args)) {
                return c;
            }
        }
        return null;
    }

    /** The words of a known HAProxy command that Bascule lacks, or null. */
    String unsupported(List<String> args) {
        for (List<String> u : unsupported) {
            if (args.size() >= u.size() && args.subList(0, u.size()).equals(u)) {
                return String.join(" ", u);
            }
        }
        return null;
    }

    /**
     * HAProxy's usage text for a request ({@code help …} when {@code args} starts with "help"): the header,
     * the matching usage lines, then help, prompt and quit.
     */
    String usage(List<String> args) {
        List<String> a = args;
        boolean isHelp = !a.isEmpty() && a.get(0).equals("help");
        if (isHelp) {
            a = a.subList(1, a.size());
        }
        int length = 0;
        for (CliCommand c : commands) {
            for (int i = 0; i < Math.min(PREFIX_WORDS, c.words().size()) && i < a.size(); i++) {
                if (!c.words().get(i).equals(a.get(i))) {
                    break;
                }
                length = Math.max(length, i + 1);
            }
        }
        StringBuilder out = new StringBuilder();
        if (isHelp) {
            out.append("The following commands are valid at this level:\n");
        } else if (length == 0 && (a.isEmpty() || a.get(0).isEmpty())) {
            out.append("Unknown command. Please enter one of the following commands only:\n");
        } else {
            out.append("Unknown command, but maybe one of the following ones is a better match:\n");
        }
        List<CliCommand> entries = new ArrayList<>();
        if (length < a.size()) {
            entries.addAll(fuzzy(a, length));
        }
        if (entries.isEmpty()) {
            for (CliCommand c : commands) {
                if (c.usage() != null && prefixMatches(c, a, length)) {
                    entries.add(c);
                }
            }
        }
        entries.sort(Comparator.comparing(CliCommand::usage));
        for (CliCommand c : entries) {
            out.append("  ").append(c.usage()).append('\n');
        }
        return out.append(ALWAYS).toString();
    }

    private static boolean prefixMatches(CliCommand c, List<String> a, int length) {
        if (c.words().size() < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!c.words().get(i).equals(a.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The best look-alike commands for the words after the {@code length} that matched exactly. */
    private List<CliCommand> fuzzy(List<String> a, int length) {
        record Match(CliCommand command, int distance) {
        }
        List<Match> best = new ArrayList<>();
        Fingerprint asked = new Fingerprint();
        int askedLength = 0;
        for (int i = length; i < Math.min(PREFIX_WORDS, a.size()); i++) {
            asked.add(a.get(i));
            askedLength += a.get(i).length();
        }
        for (CliCommand c : commands) {
            if (c.usage() == null || !prefixMatches(c, a, length)) {
                continue;
            }
            Fingerprint known = new Fingerprint();
            int total = askedLength;
            for (int i = length; i < Math.min(PREFIX_WORDS, c.words().size()); i++) {
                known.add(c.words().get(i));
                total += c.words().get(i).length();
            }
            int d = asked.distance(known);
            // Keep the closest few, earlier commands first on equal distance, as HAProxy's insertion does.
            if (d < 5 * total / 2 && (best.size() < MAX_MATCHES || d < best.get(best.size() - 1).distance())) {
                int at = best.size();
                while (at > 0 && best.get(at - 1).distance() > d) {
                    at--;
                }
                best.add(at, new Match(c, d));
                if (best.size() > MAX_MATCHES) {
                    best.remove(best.size() - 1);
                }
            }
        }
        List<CliCommand> out = new ArrayList<>();
        if (!best.isEmpty()) {
            int first = best.get(0).distance();
            for (Match m : best) {
                if (m.distance() > 5 * first / 2) {
                    break;
                }
                out.add(m.command());
            }
        }
        return out;
    }
}
