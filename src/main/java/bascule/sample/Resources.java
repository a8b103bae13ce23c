package bascule.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What compiling needs from outside: the directory relative file names resolve against, the environment,
 * and pattern/map files, each read once per compiler even when many rules name it.
 */
final class Resources {
    private final Path baseDirectory;
    private final Function<String, String> environment;
    private final Map<Path, List<String>> files = new HashMap<>();

    Resources(Path baseDirectory, Function<String, String> environment) {
        this.baseDirectory = baseDirectory;
        this.environment = environment;
    }

    Function<String, String> environment() {
        return environment;
    }

    /**
     * The useful lines of a pattern or map file: blanks and lines starting with '#' (after leading blanks)
     * are skipped, leading and trailing blanks removed.
     */
    List<String> lines(String name, String what) throws SampleException {
        Path path = baseDirectory == null ? Path.of(name) : baseDirectory.resolve(name);
        List<String> cached = files.get(path);
        if (cached != null) {
            return cached;
        }
        List<String> raw;
        try {
            raw = Files.readAllLines(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new SampleException("cannot open " + what + " '" + name + "': no such file (looked for " + path + ")");
        } catch (IOException e) {
            throw new SampleException("cannot open " + what + " '" + name + "': " + e.getMessage());
        }
        List<String> useful = new ArrayList<>();
        for (String line : raw) {
            String t = line.strip();
            if (!t.isEmpty() && t.charAt(0) != '#') {
                useful.add(t);
            }
        }
        List<String> result = List.copyOf(useful);
        files.put(path, result);
        return result;
    }
}
