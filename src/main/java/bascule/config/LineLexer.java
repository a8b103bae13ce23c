package bascule.config;

import bascule.model.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cuts one configuration text into logical lines of words, resolving quotes, escapes and variables
 * the way HAProxy's configuration manual (sections 2.2 and 2.3) describes them.
 *
 * <p>The rules, in short:
 * <ul>
 *   <li>Unquoted spaces and tabs separate words; an unquoted {@code #} starts a comment.</li>
 *   <li>Outside single quotes a backslash escapes: {@code \ }, {@code \<TAB>}, {@code \#}, {@code \\},
 *       {@code \'} and {@code \"} give the character itself, {@code \r}, {@code \n}, {@code \t} give
 *       CR, LF, TAB, and {@code \xHH} gives the character with that code (a bad hex pair is an error).
 *       {@code \$} gives {@code $} inside double quotes only. Any other backslash is kept as is, so
 *       {@code \1} or {@code \.} reach regexes and replacement strings untouched, as in HAProxy.</li>
 *   <li>Single quotes keep everything literal. Double quotes keep spaces, {@code #} and {@code '}, still
 *       honour escapes, and are the only place where {@code $NAME}, {@code ${NAME}},
 *       {@code ${NAME-default}} and {@code ${NAME[*]}} expand. Outside double quotes {@code $} is a plain
 *       character. An unset variable expands to nothing; a default replaces unset variables only, not
 *       empty ones; {@code [*]} splits the value into one word per space-separated item. The
 *       pseudo-variables {@code ${.FILE}}, {@code ${.LINE}} and {@code ${.SECTION}} are supported.</li>
 *   <li>Quoted and unquoted pieces that touch form one word; {@code ""} is an empty word.</li>
 * </ul>
 *
 * <p>Deliberate differences from HAProxy, which only improve on it:
 * <ul>
 *   <li>A backslash that is the last character of a line, outside quotes, continues the statement on the
 *       next line; the line break and the next line's indentation separate words. (HAProxy keeps such a
 *       backslash as a literal character.) A backslash followed by a space is an escaped space instead.</li>
 *   <li>An empty word at the end of a line is kept (HAProxy silently drops a trailing {@code ""}).</li>
 *   <li>There is no 64-word limit per line; instead a physical line longer than 64 KiB, or any NUL
 *       character, is an error.</li>
 * </ul>
 */
final class LineLexer {
    /** One statement: the line it starts on, its words, and the variables that were unset. */
    record LexedLine(int line, List<String> words, List<String> unsetVariables) {}

    static final int MAX_LINE_LENGTH = 64 * 1024;

    private final String text;
    private final String fileName;
    private final Function<String, String> env;
    private final Supplier<String> currentSection;
    private final int firstNul;

    private int pos;          // next unread character
    private int lineNo;       // physical line number of the character at pos
    private int contentEnd;   // end of the current physical line's content, before CR LF
    private int lineEnd;      // index of the current line's LF, or text.length()

    private List<String> words;
    private List<String> unset;
    private StringBuilder word;
    private boolean inWord;

    LineLexer(String text, String fileName, Function<String, String> env, Supplier<String> currentSection) {
        this.text = text;
        this.fileName = fileName;
        this.env = env;
        this.currentSection = currentSection;
        this.firstNul = text.indexOf('\0');
        this.pos = 0;
        this.lineNo = 0;
    }

    /** The next statement that has at least one word, or null at the end of the text. */
    LexedLine next() throws ConfigException {
        while (pos < text.length()) {
            enterPhysicalLine();
            int startLine = lineNo;
            words = new ArrayList<>();
            unset = new ArrayList<>();
            word = new StringBuilder();
            inWord = false;
            lexStatement();
            if (!words.isEmpty()) {
                return new LexedLine(startLine, List.copyOf(words), List.copyOf(unset));
            }
        }
        return null;
    }

    private void enterPhysicalLine() throws ConfigException {
        lineNo++;
        int lf = text.indexOf('\n', pos);
        lineEnd = lf < 0 ? text.length() : lf;
        contentEnd = lineEnd > pos && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
        if (firstNul >= pos && firstNul < lineEnd) {
            throw error("NUL character at column " + (firstNul - pos + 1) + "; a configuration file is text");
        }
        if (contentEnd - pos > MAX_LINE_LENGTH) {
            throw error("line is " + (contentEnd - pos) + " characters long; the limit is " + MAX_LINE_LENGTH);
        }
    }

    /** Consumes physical lines from pos until the statement ends; pos is then past its line break. */
    private void lexStatement() throws ConfigException {
        boolean squote = false;
        boolean dquote = false;
        while (true) {
            if (pos >= contentEnd) {
                if (squote || dquote) {
                    throw error("unterminated " + (squote ? "single" : "double") + " quote");
                }
                endWord();
                pos = lineEnd + 1;
                return;
            }
            char c = text.charAt(pos);
            if (squote) {
                if (c == '\'') {
                    squote = false;
                } else {
                    word.append(c);
                }
                pos++;
            } else if (c == '\\') {
                if (pos + 1 == contentEnd && !dquote) {
                    continueOnNextLine();
                } else {
                    escape(dquote);
                }
            } else if (c == '"') {
                dquote = !dquote;
                inWord = true;
                pos++;
            } else if (dquote) {
                if (c == '$') {
                    expandVariable();
                } else {
                    word.append(c);
                    pos++;
                }
            } else if (c == '\'') {
                squote = true;
                inWord = true;
                pos++;
            } else if (c == '#') {
                pos = contentEnd; // the rest of the physical line is a comment, and never continues
            } else if (isSeparator(c)) {
                endWord();
                pos++;
            } else {
                word.append(c);
                inWord = true;
                pos++;
            }
        }
    }

    private void continueOnNextLine() throws ConfigException {
        endWord();
        pos = lineEnd + 1;
        if (pos > text.length()) {
            pos = text.length();
            contentEnd = lineEnd = pos;
            return;
        }
        enterPhysicalLine();
    }

    private void escape(boolean dquote) throws ConfigException {
        char next = pos + 1 < contentEnd ? text.charAt(pos + 1) : '\n';
        inWord = true;
        switch (next) {
            case ' ', '\t', '\\', '#', '\'', '"' -> take(next, 2);
            case 'n' -> take('\n', 2);
            case 'r' -> take('\r', 2);
            case 't' -> take('\t', 2);
            case '$' -> {
                if (dquote) {
                    take('$', 2);
                } else {
                    take('\\', 1); // outside double quotes "$" is not special, so neither is "\$"
                }
            }
            case 'x' -> {
                int hi = pos + 2 < contentEnd ? hexValue(text.charAt(pos + 2)) : -1;
                int lo = pos + 3 < contentEnd ? hexValue(text.charAt(pos + 3)) : -1;
                if (hi < 0 || lo < 0) {
                    String seen = text.substring(pos, Math.min(pos + 4, contentEnd));
                    throw error("invalid escape '" + seen + "': \\x must be followed by two hex digits, as in \\x0a");
                }
                take((char) (hi * 16 + lo), 4);
            }
            default -> take('\\', 1); // not an escape: the backslash stays, the next char is read normally
        }
    }

    private void take(char c, int consumed) {
        word.append(c);
        pos += consumed;
    }

    private void expandVariable() throws ConfigException {
        int start = pos;
        pos++; // '$'
        boolean brace = pos < contentEnd && text.charAt(pos) == '{';
        if (brace) {
            pos++;
        }
        int nameStart = pos;
        char first = pos < contentEnd ? text.charAt(pos) : '\n';
        if (!(isAsciiLetter(first) || first == '_' || first == '.')) {
            throw error("'$' inside double quotes must start a variable name (a letter, '_' or '.'); "
                    + "write \\$ for a literal dollar");
        }
        pos++;
        while (pos < contentEnd && isNameChar(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(nameStart, pos);
        String value = lookup(name);
        boolean split = false;
        if (brace) {
            if (pos < contentEnd && text.charAt(pos) == '[') {
                if (!text.startsWith("[*]", pos) || pos + 3 > contentEnd) {
                    throw error("in '" + text.substring(start, Math.min(pos + 3, contentEnd))
                            + "' only '[*]' may follow a variable name");
                }
                split = true;
                pos += 3;
            }
            if (pos < contentEnd && text.charAt(pos) == '-') {
                int close = text.indexOf('}', pos);
                if (close < 0 || close >= contentEnd) {
                    throw error("unmatched '{' in '" + text.substring(start, contentEnd) + "'");
                }
                if (value == null) {
                    value = text.substring(pos + 1, close);
                }
                pos = close;
            }
            if (pos >= contentEnd || text.charAt(pos) != '}') {
                throw error("unmatched '{' in '" + text.substring(start, Math.min(pos + 1, contentEnd)) + "'");
            }
            pos++;
        }
        if (value == null) {
            unset.add(name);
            return;
        }
        if (!split) {
            word.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isSeparator(c)) {
                while (i + 1 < value.length() && isSeparator(value.charAt(i + 1))) {
                    i++;
                }
                endWord();
                inWord = true; // still inside the double quotes: what follows starts a new word
            } else {
                word.append(c);
            }
        }
    }

    private String lookup(String name) throws ConfigException {
        if (name.startsWith(".")) {
            return switch (name) {
                case ".FILE" -> fileName;
                case ".LINE" -> Integer.toString(lineNo);
                case ".SECTION" -> currentSection.get();
                default -> throw error("unknown pseudo-variable '" + name
                        + "' (known ones are .FILE, .LINE and .SECTION)");
            };
        }
        return env.apply(name);
    }

    private void endWord() {
        if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
        }
    }

    private ConfigException error(String detail) {
        return new ConfigException(new Position(fileName, lineNo), detail);
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNameChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_';
    }
}
