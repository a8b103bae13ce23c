package bascule.admin;

import java.util.List;

/**
 * One runtime API command: the words that name it ({@code show servers state}), HAProxy's usage line for
 * {@code help} (null for commands help does not list), and what it does. The handler receives every word
 * of the request, the naming words included, and returns the output exactly as HAProxy prints it (a message
 * usually ends with a line feed; the session adds the prompt after it).
 */
record CliCommand(List<String> words, String usage, Handler handler) {

    @FunctionalInterface
    interface Handler {
        String run(List<String> args, CliSession session);
    }

    CliCommand {
        words = List.copyOf(words);
    }

    static CliCommand of(String words, String usage, Handler handler) {
        return new CliCommand(List.of(words.split(" ")), usage, handler);
    }

    /** True when the request starts with all of this command's words. */
    boolean matches(List<String> args) {
        if (args.size() < words.size()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            if (!words.get(i).equals(args.get(i))) {
                return false;
            }
        }
        return true;
    }
}
