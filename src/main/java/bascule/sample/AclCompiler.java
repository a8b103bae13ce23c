package bascule.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles one ACL term: {@code <fetch>[,conv...] [flags] [--] <patterns...>}. The match method comes from
 * {@code -m}, else from a derived keyword ({@code path_beg} is {@code path} with {@code -m beg}), else from
 * the type of the sample. Patterns are compiled into a {@link PatternIndex} once.
 */
final class AclCompiler {
    private AclCompiler() {
    }

    /** Old-style ACL keywords: a fetch name and a match suffix. */
    private static final Map<String, MatchMethod> SUFFIXES = orderedSuffixes(
            "beg", MatchMethod.BEG, "end", MatchMethod.END, "sub", MatchMethod.SUB, "reg", MatchMethod.REG,
            "dir", MatchMethod.DIR, "dom", MatchMethod.DOM, "len", MatchMethod.LEN, "val", MatchMethod.INT,
            "ip", MatchMethod.IP);
    private static final Set<String> DERIVED_BASES = new java.util.LinkedHashSet<>(List.of(
            "path", "url", "hdr", "req.hdr", "cook", "req.cook", "urlp", "url_param", "base", "shdr", "res.hdr",
            "req.fhdr", "res.fhdr", "query", "pathq", "var"));
    private static final List<String> FLAGS = List.of("-i", "-f", "-m", "-n", "-M", "-u", "--");

    private static Map<String, MatchMethod> orderedSuffixes(Object... pairs) {
        Map<String, MatchMethod> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (MatchMethod) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    static AclTerm compile(List<String> words, Resources resources) throws SampleException {
        if (words.isEmpty() || words.get(0).isEmpty()) {
            throw new SampleException("missing sample fetch in ACL");
        }
        String text = words.get(0);
        List<Call> calls = Call.parse(text);
        Call first = calls.get(0);
        MatchMethod implied = null;
        if (Fetches.lookup(first.name()) == null) {
            int us = first.name().lastIndexOf('_');
            MatchMethod m = us < 0 ? null : SUFFIXES.get(first.name().substring(us + 1));
            String base = us < 0 ? null : first.name().substring(0, us);
            if (m == null || !DERIVED_BASES.contains(base)) {
                List<String> known = new ArrayList<>(Fetches.names());
                for (String b : DERIVED_BASES) {
                    for (String s : SUFFIXES.keySet()) {
                        known.add(b + "_" + s);
                    }
                }
                String later = Fetches.laterFeature(first.name());
                if (later != null) {
                    throw new SampleException("fetch '" + first.name() + "' is not supported yet: it arrives with "
                            + later);
                }
                throw new SampleException("unknown fetch '" + first.name() + "'" + Suggestions.didYouMean(first.name(), known));
            }
            implied = m;
            first = new Call(base, first.args());
        }
        CompiledExpr expr = CompiledExpr.compile(text, calls, first, resources);

        boolean ignoreCase = false;
        MatchMethod method = null;
        List<String> patterns = new ArrayList<>();
        boolean mapKeys = false;
        List<String> files = new ArrayList<>();
        int i = 1;
        while (i < words.size() && words.get(i).startsWith("-") && words.get(i).length() > 1
                && !Character.isDigit(words.get(i).charAt(1))) {
            String flag = words.get(i++);
            if (flag.equals("--")) {
                break;
            }
            switch (flag) {
                case "-i" -> ignoreCase = true;
                case "-n" -> { } // patterns are never resolved through DNS here anyway
                case "-M" -> mapKeys = true;
                case "-m" -> {
                    String name = i < words.size() ? words.get(i++) : null;
                    if (name == null) {
                        throw new SampleException("'-m' needs a match method (found, bool, int, ip, len, str, beg, sub, dir, dom, end, reg)");
                    }
                    method = MatchMethod.byKeyword(name);
                    if (method == null) {
                        throw new SampleException(name.equals("bin") || name.equals("regm")
                                ? "match method '-m " + name + "' is not supported yet"
                                : "unknown match method '-m " + name + "'" + Suggestions.didYouMean(name,
                                List.of("found", "bool", "int", "ip", "len", "str", "beg", "sub", "dir", "dom", "end", "reg")));
                    }
                }
                case "-f" -> {
                    if (i >= words.size()) {
                        throw new SampleException("'-f' needs a pattern file name");
                    }
                    files.add(words.get(i++));
                }
                case "-u" -> throw new SampleException("ACL flag '-u' is not supported yet");
                default -> throw new SampleException("unknown ACL flag '" + flag + "'" + Suggestions.didYouMean(flag, FLAGS)
                        + " (flags are -i, -f <file>, -m <method>, -n, -M and -- before patterns)");
            }
        }
        for (String file : files) {
            for (String line : resources.lines(file, "pattern file")) {
                if (mapKeys) {
                    int space = 0;
                    while (space < line.length() && line.charAt(space) != ' ' && line.charAt(space) != '\t') {
                        space++;
                    }
                    line = line.substring(0, space);
                }
                patterns.add(line);
            }
        }
        patterns.addAll(words.subList(i, words.size()));
        if (method == null) {
            method = implied != null ? implied : expr.defaultMatch();
        }
        return build(expr, method, patterns, ignoreCase);
    }

    private static AclTerm build(CompiledExpr expr, MatchMethod method, List<String> patterns, boolean ignoreCase)
            throws SampleException {
        switch (method) {
            case FOUND, BOOL -> {
                if (!patterns.isEmpty()) {
                    throw new SampleException("'" + expr + "' with match method '" + method.keyword()
                            + "' takes no pattern but got '" + patterns.get(0) + "'");
                }
                if (method == MatchMethod.FOUND) {
                    return ctx -> expr.anyMatch(ctx, s -> true);
                }
                return ctx -> expr.anyMatch(ctx, s -> {
                    Sample b = Casts.toBool(s);
                    return b != null && (Boolean) b.value();
                });
            }
            case GROUP -> {
                String userlist = expr.fetchArgs().get(0);
                List<String> groups = List.copyOf(patterns);
                return ctx -> expr.anyMatch(ctx, s -> {
                    Set<String> of = ctx.groupsOf(userlist, Samples.asString(s));
                    for (String g : groups) {
                        if (of.contains(g)) {
                            return true;
                        }
                    }
                    return false;
                });
            }
            default -> {
                if (patterns.isEmpty()) {
                    return ctx -> false; // as in HAProxy, an ACL without pattern never matches
                }
                List<String> normalized = method == MatchMethod.INT || method == MatchMethod.LEN
                        ? integerPatterns(patterns) : patterns;
                List<PatternIndex.Entry<Boolean>> entries = new ArrayList<>(normalized.size());
                for (String p : normalized) {
                    entries.add(new PatternIndex.Entry<>(p, Boolean.TRUE));
                }
                PatternIndex<Boolean> index = PatternIndex.compile(method, entries, ignoreCase);
                return ctx -> expr.anyMatch(ctx, s -> index.find(s) != null);
            }
        }
    }

    /** Applies the operators {@code eq ge gt le lt} to the integer that follows them, as ranges. */
    private static List<String> integerPatterns(List<String> words) throws SampleException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!Set.of("eq", "ge", "gt", "le", "lt").contains(w)) {
                out.add(w);
                continue;
            }
            if (i + 1 >= words.size()) {
                throw new SampleException("operator '" + w + "' needs an integer after it");
            }
            String v = words.get(++i);
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new SampleException("operator '" + w + "' needs an integer after it but got '" + v + "'");
            }
            out.add(switch (w) {
                case "eq" -> Long.toString(n);
                case "ge" -> n + ":";
                case "gt" -> (n + 1) + ":";
                case "le" -> ":" + n;
                default -> ":" + (n - 1);
            });
        }
        return out;
    }
}
