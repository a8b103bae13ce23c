package bascule.sample;

import java.util.List;
import java.util.function.Predicate;

/** A fetch and its converters, as compiled from {@code fetch(args),conv(args),...}. */
final class CompiledExpr implements SampleExpr {
    private final String text;
    private final Fetch fetch;
    private final Converter[] converters;
    /** What ACLs match with when no {@code -m} is given: from the fetch, or the last typed converter. */
    private final MatchMethod defaultMatch;
    private final String fetchName;
    private final List<String> fetchArgs;

    private CompiledExpr(String text, Fetch fetch, Converter[] converters, MatchMethod defaultMatch,
                         String fetchName, List<String> fetchArgs) {
        this.text = text;
        this.fetch = fetch;
        this.converters = converters;
        this.defaultMatch = defaultMatch;
        this.fetchName = fetchName;
        this.fetchArgs = fetchArgs;
    }

    static CompiledExpr compile(String text, Resources resources) throws SampleException {
        List<Call> calls = Call.parse(text);
        return compile(text, calls, calls.get(0), resources);
    }

    /** Compiles with {@code fetchCall} in place of the first call (ACLs substitute derived keywords). */
    static CompiledExpr compile(String text, List<Call> calls, Call fetchCall, Resources resources)
            throws SampleException {
        Fetch fetch = Fetches.compile(fetchCall, resources.environment());
        MatchMethod match = Fetches.lookup(fetchCall.name()).match();
        Converter[] converters = new Converter[calls.size() - 1];
        for (int i = 1; i < calls.size(); i++) {
            converters[i - 1] = Converters.compile(calls.get(i), resources);
            MatchMethod out = Converters.outputMatch(calls.get(i).name());
            if (out != null) {
                match = out;
            }
        }
        return new CompiledExpr(text, fetch, converters, match, fetchCall.name(), fetchCall.args());
    }

    @Override
    public Sample evaluate(SampleContext context) {
        return convert(fetch.fetch(context), context);
    }

    private Sample convert(Sample s, SampleContext context) {
        for (Converter c : converters) {
            if (s == null) {
                return null;
            }
            s = c.convert(s, context);
        }
        return s;
    }

    /** True when any value of the fetch, once converted, passes {@code test} (HAProxy's ACL semantics). */
    boolean anyMatch(SampleContext context, Predicate<Sample> test) {
        if (converters.length == 0) {
            return fetch.anyMatch(context, test);
        }
        return fetch.anyMatch(context, s -> {
            Sample out = convert(s, context);
            return out != null && test.test(out);
        });
    }

    MatchMethod defaultMatch() {
        return defaultMatch;
    }

    boolean hasConverters() {
        return converters.length > 0;
    }

    String fetchName() {
        return fetchName;
    }

    List<String> fetchArgs() {
        return fetchArgs;
    }

    @Override
    public String toString() {
        return text;
    }
}
