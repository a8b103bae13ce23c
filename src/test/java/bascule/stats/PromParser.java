package bascule.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text format 0.0.4 for tests: it throws on anything a Prometheus server would
 * reject or that the format's rules forbid (a sample before its TYPE, a family split in two, a duplicate
 * series, a bad name, a bad label, a bad escape, a bad number, a histogram without its {@code +Inf} bucket or
 * whose buckets decrease or whose count differs from {@code +Inf}).
 */
final class PromParser {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its metric name, its labels in order, its value. */
    record Sample(String name, Map<String, String> labels, double value) {
        /** Name and labels, as they identify a series: {@code name{a="1",b="2"}}. */
        String key() {
            StringBuilder b = new StringBuilder(name);
            if (!labels.isEmpty()) {
                b.append('{');
                labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
                b.setLength(b.length() - 1);
                b.append('}');
            }
            return b.toString();
        }
    }

    /** A metric family: its type and help, and its samples in order. */
    record Family(String name, String type, String help, List<Sample> samples) {
    }

    private PromParser() {
    }

    /** The families of {@code text}, in order of appearance. */
    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> helps = new HashMap<>();
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        int n = 0;
        String body = text.isEmpty() ? "" : text.substring(0, text.length() - 1);
        for (String line : body.isEmpty() ? new String[0] : body.split("\n", -1)) {
            n++;
            String where = "line " + n + ": " + line;
            if (line.isEmpty()) {
                throw new IllegalArgumentException(where + ": empty line");
            }
            if (line.startsWith("#")) {
                String[] p = line.split(" ", 4);
                if (p.length < 3 || !p[0].equals("#")) {
                    throw new IllegalArgumentException(where + ": bad comment");
                }
                String name = p[2];
                require(METRIC_NAME.matcher(name).matches(), where, "bad metric name");
                if (p[1].equals("HELP")) {
                    require(!helps.containsKey(name), where, "second HELP");
                    require(!families.containsKey(name), where, "HELP after the samples");
                    helps.put(name, p.length > 3 ? p[3] : "");
                } else if (p[1].equals("TYPE")) {
                    require(p.length == 4 && TYPES.contains(p[3]), where, "bad TYPE");
                    require(!families.containsKey(name) && !closed.contains(name), where, "second TYPE");
                    if (current != null) {
                        closed.add(current);
                    }
                    families.put(name, new Family(name, p[3], helps.get(name), new ArrayList<>()));
                    current = name;
                } else {
                    throw new IllegalArgumentException(where + ": comment is neither HELP nor TYPE");
                }
                continue;
            }
            Sample s = sample(line, where);
            Family f = current == null ? null : families.get(current);
            require(f != null && belongs(s, f), where, "sample without a TYPE line for its family just before");
            require(series.add(s.key()), where, "duplicate series");
            f.samples().add(s);
        }
        for (Family f : families.values()) {
            require(!f.samples().isEmpty(), "family " + f.name(), "TYPE without samples");
            if (f.type().equals("histogram")) {
                checkHistogram(f);
            }
        }
        return families;
    }

    private static boolean belongs(Sample s, Family f) {
        if (f.type().equals("histogram")) {
            if (s.name().equals(f.name() + "_bucket")) {
                return s.labels().containsKey("le");
            }
            return s.name().equals(f.name() + "_sum") || s.name().equals(f.name() + "_count");
        }
        return s.name().equals(f.name());
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(METRIC_NAME.matcher(name).matches(), where, "bad metric name");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                require(i < line.length(), where, "unterminated labels");
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                require(eq > i, where, "label without =");
                String label = line.substring(i, eq);
                require(LABEL_NAME.matcher(label).matches() && !label.startsWith("__"), where, "bad label name");
                require(eq + 1 < line.length() && line.charAt(eq + 1) == '"', where, "unquoted label value");
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    require(j < line.length(), where, "unterminated label value");
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(j + 1 < line.length(), where, "dangling escape");
                        char e = line.charAt(j + 1);
                        switch (e) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw new IllegalArgumentException(where + ": bad escape \\" + e);
                        }
                        j += 2;
                        continue;
                    }
                    v.append(c);
                    j++;
                }
                require(labels.put(label, v.toString()) == null, where, "label given twice");
                i = j + 1;
                require(i < line.length(), where, "unterminated labels");
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
        }
        require(i < line.length() && line.charAt(i) == ' ', where, "no space before the value");
        String[] rest = line.substring(i + 1).split(" ", -1);
        require(rest.length == 1 || rest.length == 2 && rest[1].matches("-?[0-9]+"), where, "bad value/timestamp");
        return new Sample(name, labels, number(rest[0], where));
    }

    private static double number(String s, String where) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                require(s.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?"), where, "bad number");
                return Double.parseDouble(s);
        }
    }

    /** Per label set (without {@code le}): buckets increasing in le and in count, +Inf equal to _count. */
    private static void checkHistogram(Family f) {
        Map<String, List<Sample>> buckets = new LinkedHashMap<>();
        Map<String, Double> counts = new HashMap<>();
        for (Sample s : f.samples()) {
            Map<String, String> rest = new LinkedHashMap<>(s.labels());
            String le = rest.remove("le");
            String key = rest.toString();
            if (s.name().endsWith("_bucket")) {
                number(le, "le of " + s.key());
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                counts.put(key, s.value());
            }
        }
        require(!buckets.isEmpty(), f.name(), "histogram without buckets");
        buckets.forEach((key, list) -> {
            double lastLe = Double.NEGATIVE_INFINITY;
            double lastCount = 0;
            for (Sample b : list) {
                double le = number(b.labels().get("le"), b.key());
                require(le > lastLe, b.key(), "buckets out of order");
                require(b.value() >= lastCount, b.key(), "bucket counts decrease");
                lastLe = le;
                lastCount = b.value();
            }
            require(lastLe == Double.POSITIVE_INFINITY, f.name() + key, "no +Inf bucket");
            require(counts.containsKey(key) && counts.get(key) == lastCount, f.name() + key,
                    "_count differs from the +Inf bucket");
        });
    }

    private static void require(boolean ok, String where, String what) {
        if (!ok) {
            throw new IllegalArgumentException(where + ": " + what);
        }
    }
}
