package bascule.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one command of the stats socket into words as HAProxy does: words are separated by spaces or tabs,
 * a backslash makes the next character literal (so {@code \ } keeps a space, {@code \;} a semicolon and
 * {@code \\} a backslash), and nothing else is special: no quotes, no variables.
 */
final class CliArgs {
    private CliArgs() {
    }

    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\\') {
                if (i + 1 < command.length()) {
                    word.append(command.charAt(++i));
                }
                continue;
            }
            word.append(c);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
