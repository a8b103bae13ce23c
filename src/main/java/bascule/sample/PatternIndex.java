package bascule.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Patterns of one match method compiled for lookup, each carrying a value: ACLs use it as a set (any
 * value means "matched"), maps read the value. Exact strings are hashed, IP networks go into an
 * {@link IpTable}, prefixes are tried longest first (as HAProxy's prefix tree does when case matters),
 * the other methods try patterns in file order so the first line wins.
 */
abstract class PatternIndex<V> {

    /** The value of the first matching pattern (by the method's rules), or null. */
    abstract V find(Sample sample);

    /** One pattern as written and the value it carries. */
    record Entry<V>(String pattern, V value) {
    }

    static <V> PatternIndex<V> compile(MatchMethod method, List<Entry<V>> entries, boolean ignoreCase)
            throws SampleException {
        return switch (method) {
            case STR -> exact(entries, ignoreCase);
            case BEG, END, SUB, DIR, DOM -> strings(method, entries, ignoreCase);
            case REG -> regexes(entries, ignoreCase);
            case INT, LEN -> integers(method, entries);
            case IP -> ips(entries);
            case FOUND, BOOL, GROUP -> throw new IllegalArgumentException(method + " takes no pattern index");
        };
    }

    private static <V> PatternIndex<V> exact(List<Entry<V>> entries, boolean ignoreCase) {
        Map<String, V> map = ignoreCase ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new HashMap<>();
        for (Entry<V> e : entries) {
            map.putIfAbsent(e.pattern, e.value);
        }
        return new PatternIndex<>() {
            @Override
            V find(Sample sample) {
                return map.get(Samples.asString(sample));
            }
        };
    }

    private static <V> PatternIndex<V> strings(MatchMethod method, List<Entry<V>> entries, boolean ignoreCase) {
        List<Entry<V>> ordered = new ArrayList<>(entries);
        if (method == MatchMethod.BEG && !ignoreCase) {
            ordered.sort(Comparator.comparingInt((Entry<V> e) -> e.pattern.length()).reversed());
        }
        String[] patterns = new String[ordered.size()];
        Object[] values = new Object[ordered.size()];
        for (int i = 0; i < patterns.length; i++) {
            patterns[i] = ordered.get(i).pattern;
            values[i] = ordered.get(i).value;
        }
        return new PatternIndex<>() {
            @Override
            @SuppressWarnings("unchecked")
            V find(Sample sample) {
                String s = Samples.asString(sample);
                for (int i = 0; i < patterns.length; i++) {
                    if (StringMatches.matches(method, s, patterns[i], ignoreCase)) {
                        return (V) values[i];
                    }
                }
                return null;
            }
        };
    }

    private static <V> PatternIndex<V> regexes(List<Entry<V>> entries, boolean ignoreCase) throws SampleException {
        Pattern[] patterns = new Pattern[entries.size()];
        Object[] values = new Object[entries.size()];
        for (int i = 0; i < patterns.length; i++) {
            Entry<V> e = entries.get(i);
            try {
                patterns[i] = Pattern.compile(e.pattern, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException x) {
                throw new SampleException("invalid regex '" + e.pattern + "': " + x.getDescription());
            }
            values[i] = e.value;
        }
        return new PatternIndex<>() {
            @Override
            @SuppressWarnings("unchecked")
            V find(Sample sample) {
                String s = Samples.asString(sample);
                for (int i = 0; i < patterns.length; i++) {
                    if (patterns[i].matcher(s).find()) {
                        return (V) values[i];
                    }
                }
                return null;
            }
        };
    }

    private static <V> PatternIndex<V> integers(MatchMethod method, List<Entry<V>> entries) throws SampleException {
        long[] lows = new long[entries.size()];
        long[] highs = new long[entries.size()];
        Object[] values = new Object[entries.size()];
        for (int i = 0; i < lows.length; i++) {
            Entry<V> e = entries.get(i);
            long[] range = IntRanges.parse(e.pattern);
            lows[i] = range[0];
            highs[i] = range[1];
            values[i] = e.value;
        }
        boolean length = method == MatchMethod.LEN;
        return new PatternIndex<>() {
            @Override
            @SuppressWarnings("unchecked")
            V find(Sample sample) {
                long v;
                if (length) {
                    v = Samples.asString(sample).length();
                } else {
                    Sample n = Casts.toInteger(sample);
                    if (n == null) {
                        return null;
                    }
                    v = (Long) n.value();
                }
                for (int i = 0; i < lows.length; i++) {
                    if (v >= lows[i] && v <= highs[i]) {
                        return (V) values[i];
                    }
                }
                return null;
            }
        };
    }

    private static <V> PatternIndex<V> ips(List<Entry<V>> entries) throws SampleException {
        List<IpTable.Entry<V>> networks = new ArrayList<>();
        for (Entry<V> e : entries) {
            IpTable.Entry<V> n = IpTable.parseNetwork(e.pattern, e.value);
            if (n == null) {
                throw new SampleException("'" + e.pattern + "' is not a valid IPv4 or IPv6 address or network"
                        + " (host names are not resolved)");
            }
            networks.add(n);
        }
        IpTable<V> table = new IpTable<>(networks);
        return new PatternIndex<>() {
            @Override
            V find(Sample sample) {
                Sample ip = Casts.toIp(sample);
                return ip == null ? null : table.lookup((byte[]) ip.value());
            }
        };
    }
}
