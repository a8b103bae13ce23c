package bascule.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles sample expressions, ACL terms, conditions and formats from configuration words. Everything is
 * resolved here (regexes, pattern files, maps, IP trees) so that evaluation never parses. A compiler reads
 * each pattern or map file once; it is meant for one configuration load on one thread, while what it
 * returns is immutable and thread-safe.
 */
public final class SampleCompiler {
    private final Path baseDirectory;
    private final Function<String, String> environment;
    private final Resources resources;
    private final ConditionCompiler conditions;
    private FormatFactory formats;

    /**
     * @param baseDirectory where relative pattern and map file names are looked up
     * @param environment reads environment variables ({@code env()} fetch)
     */
    public SampleCompiler(Path baseDirectory, Function<String, String> environment) {
        this.baseDirectory = baseDirectory;
        this.environment = environment;
        this.resources = new Resources(baseDirectory, environment);
        this.conditions = new ConditionCompiler(resources);
    }

    /** A fetch followed by converters, such as {@code req.hdr(host),lower,map(hosts.map,default)}. */
    public SampleExpr expression(String text) throws SampleException {
        return CompiledExpr.compile(text.trim(), resources);
    }

    /**
     * One ACL term: the words after {@code acl <name>}, that is a fetch (with converters), flags and
     * patterns, or the same words inside {@code { ... }} of an anonymous ACL.
     */
    public AclTerm acl(List<String> words) throws SampleException {
        return AclCompiler.compile(words, resources);
    }

    /**
     * A condition from the words that start with {@code if} or {@code unless}. {@code named} holds the
     * ACLs declared so far in the proxy (each name maps to its terms, which are ORed).
     */
    public Condition condition(List<String> words, Map<String, List<AclTerm>> named) throws SampleException {
        return conditions.compile(words, named);
    }

    /**
     * A log-format string as used in header values, redirects and replies. The language (variables such as
     * {@code %ci}, flags, samples) belongs to the logging layer, which installs its compiler with
     * {@link #useFormats}; this package only evaluates the samples inside.
     */
    public Format format(String text) throws SampleException {
        if (formats == null) {
            throw new IllegalStateException("no log-format compiler installed (SampleCompiler.useFormats)");
        }
        return formats.compile(text);
    }

    /** Installs the compiler of log-format strings that {@link #format} uses. */
    public void useFormats(FormatFactory factory) {
        this.formats = factory;
    }

    /** Compiles a log-format string into a {@link Format}. */
    @FunctionalInterface
    public interface FormatFactory {
        Format compile(String text) throws SampleException;
    }
}
