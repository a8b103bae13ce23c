package bascule.config;

import bascule.model.ErrorFileSpec;
import bascule.model.ErrorFilesSpec;
import bascule.model.ErrorResponse;
import bascule.model.HttpErrorsSection;
import bascule.model.Position;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds custom error pages: {@code errorfile <code> <file>}, {@code errorloc|errorloc302|errorloc303 <code>
 * <url>}, {@code errorfiles <name> [<code>...]} in proxies, and the {@code http-errors <name>} sections that
 * {@code errorfiles} imports. Files are read and checked at load: a missing or malformed file stops the
 * load, as in HAProxy. A proxy keeps its lines in order ({@link Entry}) because {@code errorfiles} may name a
 * section declared later in the file; {@link #resolve} applies them once every section is known, the last
 * line for a code winning.
 */
final class ErrorFileBinder {
    /** HAProxy's default {@code tune.bufsize}; Bascule does not parse {@code tune.bufsize} yet. */
    static final int DEFAULT_BUFSIZE = 16384;

    private static final String CODE_LIST = ErrorFilesSpec.CODES.stream().map(String::valueOf)
            .collect(Collectors.joining(", "));

    private ErrorFileBinder() {
    }

    /** One error-page line of a proxy: a loaded page, or an {@code errorfiles} import to resolve later. */
    record Entry(ErrorFileSpec page, String section, List<Integer> codes, Position position) {
        Entry {
            codes = List.copyOf(codes);
        }
    }

    /** {@code errorfile}, {@code errorfiles}, {@code errorloc}, {@code errorloc302}, {@code errorloc303}. */
    static Entry bind(ConfigLine line, int bufsize) throws ConfigException {
        String k = line.keyword();
        return switch (k) {
            case "errorfile" -> new Entry(errorfile(line, bufsize), null, List.of(), line.position());
            case "errorfiles" -> {
                String name = Words.required(line, 1, "the name of an http-errors section, then optional status "
                        + "codes");
                List<Integer> codes = new ArrayList<>();
                for (int i = 2; i < line.size(); i++) {
                    codes.add(code(line, i));
                }
                yield new Entry(null, name, codes, line.position());
            }
            case "errorloc", "errorloc302", "errorloc303" -> new Entry(errorloc(line), null, List.of(),
                    line.position());
            default -> throw new IllegalArgumentException(k);
        };
    }

    static ErrorFileSpec errorfile(ConfigLine line, int bufsize) throws ConfigException {
        if (line.size() < 3) {
            throw new ConfigException(line.position(), "'errorfile' expects <status_code> and <file> as arguments");
        }
        int code = code(line, 1);
        String file = line.word(2);
        Words.noMoreThan(line, 3);
        return new ErrorFileSpec(code, file, line.position(), load(line, file, bufsize));
    }

    static ErrorFileSpec errorloc(ConfigLine line) throws ConfigException {
        String k = line.keyword();
        if (line.size() < 3) {
            throw new ConfigException(line.position(), "'" + k + "' expects <status_code> and <url> as arguments");
        }
        int code = code(line, 1);
        String url = line.word(2);
        Words.noMoreThan(line, 3);
        if (url.isEmpty() || url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new ConfigException(line.position(), "'" + k + "': URL '" + url + "' may not be empty nor "
                    + "contain spaces or control characters");
        }
        boolean see = k.equals("errorloc303");
        // HAProxy's redirect replies, header names lower-cased as it sends them.
        ErrorResponse r = new ErrorResponse("HTTP/1.1", see ? 303 : 302, see ? "See Other" : "Found",
                List.of(new ErrorResponse.Header("cache-control", "no-cache"),
                        new ErrorResponse.Header("content-length", "0"),
                        new ErrorResponse.Header("location", url)), new byte[0], false);
        return new ErrorFileSpec(code, url, line.position(), r);
    }

    /** An {@code http-errors <name>} section; errors go to {@code errors}, the section is returned anyway. */
    static HttpErrorsSection section(Section s, int bufsize, List<ConfigException> errors) {
        String name = s.name();
        if (name == null) {
            errors.add(new ConfigException(s.position(), "missing name for http-errors section"));
            return null;
        }
        if (s.args().size() > 1) {
            errors.add(new ConfigException(s.position(), "'http-errors " + name + "' takes a single name but got '"
                    + s.args().get(1) + "'"));
        }
        Map<Integer, ErrorFileSpec> files = new LinkedHashMap<>();
        for (ConfigLine line : s.lines()) {
            try {
                if (!line.keyword().equals("errorfile")) {
                    throw new ConfigException(line.position(), "unknown keyword '" + line.keyword()
                            + "' in 'http-errors' section; it only takes 'errorfile <code> <file>'"
                            + Words.didYouMean(line.keyword(), List.of("errorfile")));
                }
                ErrorFileSpec f = errorfile(line, bufsize);
                files.put(f.code(), f);
            } catch (ConfigException e) {
                errors.add(e);
            }
        }
        return new HttpErrorsSection(name, s.position(), files);
    }

    /**
     * Applies a proxy's entries in order. An unknown section is an error; a code the section does not
     * declare is a warning, as in HAProxy.
     */
    static ErrorFilesSpec resolve(List<Entry> entries, Map<String, HttpErrorsSection> sections, String proxy,
                                  List<String> warnings) throws ConfigException {
        if (entries.isEmpty()) {
            return ErrorFilesSpec.NONE;
        }
        Map<Integer, ErrorFileSpec> pages = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.page() != null) {
                pages.put(e.page().code(), e.page());
                continue;
            }
            HttpErrorsSection s = sections.get(e.section());
            if (s == null) {
                throw new ConfigException(e.position(), proxy + ": 'errorfiles' names http-errors section '"
                        + e.section() + "' which does not exist" + Words.didYouMean(e.section(), sections.keySet()));
            }
            if (e.codes().isEmpty()) {
                pages.putAll(s.files());
            }
            for (int code : e.codes()) {
                ErrorFileSpec f = s.files().get(code);
                if (f == null) {
                    warnings.add(e.position() + ": " + proxy + ": status " + code + " is not declared in "
                            + "http-errors section '" + s.name() + "' (declared at " + s.position() + "); ignored");
                } else {
                    pages.put(code, f);
                }
            }
        }
        return new ErrorFilesSpec(pages);
    }

    private static int code(ConfigLine line, int index) throws ConfigException {
        String w = line.word(index);
        int code = w.matches("[0-9]{3}") ? Integer.parseInt(w) : -1;
        if (!ErrorFilesSpec.CODES.contains(code)) {
            throw new ConfigException(line.position(), "'" + line.keyword() + "': status code '" + w
                    + "' not handled; HAProxy 2.6 customizes only " + CODE_LIST);
        }
        return code;
    }

    private static ErrorResponse load(ConfigLine line, String file, int bufsize) throws ConfigException {
        String k = line.keyword();
        Path path = Path.of(file);
        byte[] content;
        try {
            if (Files.isDirectory(path)) {
                throw new ConfigException(line.position(), "'" + k + "': error reading file '" + file
                        + "': it is a directory");
            }
            // Anything past the buffer cannot load; do not read a huge file to say so.
            if (Files.size(path) > bufsize) {
                throw new ConfigException(line.position(), "'" + k + "': file '" + file + "' is larger than "
                        + "tune.bufsize (" + Files.size(path) + " > " + bufsize + " bytes)");
            }
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(line.position(), "'" + k + "': error opening file '" + file
                    + "': no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(line.position(), "'" + k + "': error opening file '" + file
                    + "': permission denied");
        } catch (IOException e) {
            throw new ConfigException(line.position(), "'" + k + "': error reading file '" + file + "': "
                    + e.getMessage());
        }
        try {
            return ErrorFileParser.parse(content, bufsize);
        } catch (ErrorFileParser.Invalid e) {
            throw new ConfigException(line.position(), "'" + k + "': '" + file + "': " + e.getMessage());
        }
    }
}
