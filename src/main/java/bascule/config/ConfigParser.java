package bascule.config;

import bascule.model.Position;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The lexical layer of the HAProxy configuration language: turns configuration text into sections of
 * positioned, fully resolved word lists. It knows nothing of what keywords mean; binders do.
 *
 * <p>Words follow HAProxy's quoting, escaping and environment-variable rules (manual sections 2.2 and 2.3);
 * see {@link LineLexer} for the exact list. The first word of a statement that is one of
 * {@link #SECTION_KEYWORDS} opens a new section and the rest of its words become {@link Section#args()};
 * every other statement belongs to the section above it. Each file must start with a section.
 *
 * <p>Conditional blocks (manual section 2.4) are resolved here: {@code .if}, {@code .elif}, {@code .else}
 * and {@code .endif} nest, conditions are evaluated by {@link ConditionExpression} against
 * {@link #HAPROXY_VERSION}, and every {@code .if} must be closed in the file that opens it. Inside an
 * active block, {@code .alert "msg"} fails the parse; {@code .diag}, {@code .notice} and {@code .warning}
 * go to the optional diagnostics sink, as do notices about unset environment variables.
 *
 * <p>Deliberate improvement over HAProxy: a backslash that ends a line outside quotes continues the
 * statement on the next line, so long {@code bind ... ssl crt x.pem \} lines can be wrapped. A
 * {@link ConfigLine} keeps the position of the line it starts on.
 *
 * <p>Files are read as ISO-8859-1, so every byte becomes exactly one char and {@code \xHH} means the same
 * thing as the byte it names: encoding a word back to ISO-8859-1 (as Netty's {@code AsciiString} does)
 * gives the original bytes.
 */
public final class ConfigParser {
    /** The HAProxy version whose behaviour Bascule emulates, as seen by {@code version_atleast()}. */
    public static final String HAPROXY_VERSION = "2.6";

    /** Keywords that open a section. They are valid anywhere and never mean anything else. */
    public static final Set<String> SECTION_KEYWORDS = Set.of(
            "global", "defaults", "frontend", "backend", "listen",
            "userlist", "peers", "resolvers", "mailers", "http-errors", "ring", "cache", "program",
            "fcgi-app", "crt-store", "traces", "log-forward");

    private static final Consumer<String> NO_DIAGNOSTICS = message -> { };

    private final String fileName;
    private final Function<String, String> env;
    private final Consumer<String> diagnostics;
    private final List<Section> sections = new ArrayList<>();
    private final Deque<Block> blocks = new ArrayDeque<>();
    private String sectionType;
    private List<String> sectionArgs;
    private Position sectionPosition;
    private List<ConfigLine> sectionLines;

    private ConfigParser(String fileName, Function<String, String> env, Consumer<String> diagnostics) {
        this.fileName = fileName;
        this.env = env;
        this.diagnostics = diagnostics;
    }

    /**
     * Parses one configuration text.
     *
     * @param fileName used in every {@link Position}, and by {@code ${.FILE}}
     * @param env looks up environment variables, returning null when unset ({@code System::getenv})
     */
    public static ConfigFile parse(String text, String fileName, Function<String, String> env)
            throws ConfigException {
        return parse(text, fileName, env, NO_DIAGNOSTICS);
    }

    /**
     * Like {@link #parse(String, String, Function)}, and reports {@code .diag}, {@code .notice},
     * {@code .warning} and unset variables to {@code diagnostics} as {@code file:line: level: message}.
     */
    public static ConfigFile parse(String text, String fileName, Function<String, String> env,
            Consumer<String> diagnostics) throws ConfigException {
        ConfigParser parser = new ConfigParser(fileName, env, diagnostics);
        parser.run(text);
        return new ConfigFile(parser.sections);
    }

    /**
     * Parses files in order and concatenates their sections. A directory contributes its {@code *.cfg}
     * regular files in lexical order of their names (not recursively, skipping hidden files), which is
     * how HAProxy treats {@code -f dir}.
     */
    public static ConfigFile parseFiles(List<Path> paths, Function<String, String> env)
            throws ConfigException, IOException {
        return parseFiles(paths, env, NO_DIAGNOSTICS);
    }

    /** Like {@link #parseFiles(List, Function)}, with a diagnostics sink as in {@link #parse}. */
    public static ConfigFile parseFiles(List<Path> paths, Function<String, String> env,
            Consumer<String> diagnostics) throws ConfigException, IOException {
        List<Section> all = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : expand(path)) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                all.addAll(parse(text, file.toString(), env, diagnostics).sections());
            }
        }
        return new ConfigFile(all);
    }

    private static List<Path> expand(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.endsWith(".cfg") && !name.startsWith(".") && Files.isRegularFile(p);
                    })
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private void run(String text) throws ConfigException {
        LineLexer lexer = new LineLexer(text, fileName, env, this::currentSectionName);
        for (LineLexer.LexedLine line = lexer.next(); line != null; line = lexer.next()) {
            Position position = new Position(fileName, line.line());
            List<String> words = line.words();
            String keyword = words.get(0);
            if (keyword.startsWith(".")) {
                directive(keyword, words, position);
                continue;
            }
            if (!active()) {
                continue;
            }
            for (String name : line.unsetVariables()) {
                diagnostics.accept(position + ": notice: environment variable '" + name
                        + "' is not set, so it expands to nothing");
            }
            if (SECTION_KEYWORDS.contains(keyword)) {
                closeSection();
                sectionType = keyword;
                sectionArgs = words.subList(1, words.size());
                sectionPosition = position;
                sectionLines = new ArrayList<>();
            } else if (sectionType == null) {
                throw new ConfigException(position, "'" + keyword + "' is outside of any section (a config starts"
                        + " with 'global', 'defaults', 'frontend', 'backend' or 'listen')");
            } else {
                sectionLines.add(new ConfigLine(position, words));
            }
        }
        if (!blocks.isEmpty()) {
            throw new ConfigException(blocks.peek().opened,
                    "'.if' is not closed by a matching '.endif' before the end of the file");
        }
        closeSection();
    }

    private void closeSection() {
        if (sectionType != null) {
            sections.add(new Section(sectionType, sectionArgs, sectionPosition, sectionLines));
        }
    }

    private String currentSectionName() {
        if (sectionType == null) {
            return "";
        }
        return sectionArgs.isEmpty() ? sectionType : sectionArgs.get(0);
    }

    private boolean active() {
        return blocks.isEmpty() || blocks.peek().active;
    }

    private void directive(String keyword, List<String> words, Position position) throws ConfigException {
        String rest = String.join(" ", words.subList(1, words.size()));
        switch (keyword) {
            case ".if" -> {
                boolean parentActive = active();
                boolean condition = parentActive && ConditionExpression.evaluate(rest, position, env);
                // Inside an inactive parent no branch may ever become active, as if one had been taken.
                blocks.push(new Block(position, condition, condition || !parentActive));
            }
            case ".elif" -> {
                Block block = open(keyword, position);
                if (block.sawElse) {
                    throw new ConfigException(position, "'.elif' after '.else' (the '.if' is at " + block.opened + ")");
                }
                if (block.taken) {
                    block.active = false;
                } else {
                    block.active = ConditionExpression.evaluate(rest, position, env);
                    block.taken = block.active;
                }
            }
            case ".else" -> {
                Block block = open(keyword, position);
                noArguments(keyword, words, position);
                if (block.sawElse) {
                    throw new ConfigException(position, "second '.else' for the '.if' at " + block.opened);
                }
                block.sawElse = true;
                block.active = !block.taken;
                block.taken = true;
            }
            case ".endif" -> {
                open(keyword, position);
                noArguments(keyword, words, position);
                blocks.pop();
            }
            case ".diag", ".notice", ".warning" -> {
                if (active()) {
                    diagnostics.accept(position + ": " + keyword.substring(1) + ": " + rest);
                }
            }
            case ".alert" -> {
                if (active()) {
                    throw new ConfigException(position, rest.isEmpty() ? ".alert without a message" : rest);
                }
            }
            default -> {
                if (active()) {
                    throw new ConfigException(position, "unknown directive '" + keyword + "' (known: .if, .elif,"
                            + " .else, .endif, .diag, .notice, .warning, .alert)");
                }
            }
        }
    }

    private Block open(String keyword, Position position) throws ConfigException {
        if (blocks.isEmpty()) {
            throw new ConfigException(position, "'" + keyword + "' without a matching '.if'");
        }
        return blocks.peek();
    }

    private static void noArguments(String keyword, List<String> words, Position position) throws ConfigException {
        if (words.size() > 1) {
            throw new ConfigException(position, "'" + keyword + "' takes no argument but got '" + words.get(1) + "'");
        }
    }

    /** One level of {@code .if} nesting. */
    private static final class Block {
        final Position opened;
        boolean active;
        boolean taken;
        boolean sawElse;

        Block(Position opened, boolean active, boolean taken) {
            this.opened = opened;
            this.active = active;
            this.taken = taken;
        }
    }
}
