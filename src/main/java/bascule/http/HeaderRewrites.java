package bascule.http;

import bascule.model.HttpActions;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Header edits of the rules on Netty headers. Names compare case-insensitively; fields that an edit does not
 * touch keep their name's case and their place.
 */
final class HeaderRewrites {
    private HeaderRewrites() {
    }

    /** {@code set-header}: every field of that name goes, then one is appended (HAProxy's order). */
    static void set(HttpHeaders headers, String name, String value) {
        String v = trim(value);
        headers.remove(name);
        headers.add(name, v);
    }

    /** {@code add-header}. */
    static void add(HttpHeaders headers, String name, String value) {
        headers.add(name, trim(value));
    }

    /**
     * A field value without the blanks around it: they are not part of the value in HTTP (every receiver
     * strips them), and Netty refuses a value that starts with one.
     */
    static String trim(String v) {
        int from = 0;
        int to = v.length();
        while (from < to && (v.charAt(from) == ' ' || v.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (v.charAt(to - 1) == ' ' || v.charAt(to - 1) == '\t')) {
            to--;
        }
        return from == 0 && to == v.length() ? v : v.substring(from, to);
    }

    /** {@code del-header}; a regex sees the name in lower case, as HAProxy stores names. */
    static void delete(HttpHeaders headers, HttpActions.DelHeader d) {
        if (d.match() == HttpActions.DelHeader.Match.STR) {
            headers.remove(d.name());
            return;
        }
        String wanted = d.name().toLowerCase(Locale.ROOT);
        List<String> doomed = new ArrayList<>();
        for (String name : headers.names()) {
            String n = name.toLowerCase(Locale.ROOT);
            boolean hit = switch (d.match()) {
                case BEG -> n.startsWith(wanted);
                case END -> n.endsWith(wanted);
                case SUB -> n.contains(wanted);
                case REG -> d.regex().matcher(n).find();
                case STR -> n.equals(wanted);
            };
            if (hit) {
                doomed.add(name);
            }
        }
        doomed.forEach(headers::remove);
    }

    /**
     * {@code replace-header} / {@code replace-value}. {@code replacement} gets the match of a value and
     * returns the new value (groups expanded). Per value, a replaced value loses the blanks around it,
     * untouched values keep theirs, and values are joined by a bare comma: what HAProxy 2.6 sends.
     */
    static void replace(HttpHeaders headers, HttpActions.ReplaceHeader r, Function<Matcher, String> replacement) {
        if (!headers.contains(r.name())) {
            return;
        }
        List<Map.Entry<String, String>> all = headers.entries();
        boolean changed = false;
        List<Map.Entry<String, String>> out = new ArrayList<>(all.size());
        for (Map.Entry<String, String> e : all) {
            String value = e.getValue();
            if (e.getKey().equalsIgnoreCase(r.name())) {
                String v = r.perValue() ? replaceValues(value, r, replacement) : replaceOne(value, r, replacement);
                if (!v.equals(value)) {
                    changed = true;
                    value = v;
                }
            }
            out.add(Map.entry(e.getKey(), value));
        }
        if (changed) {
            headers.clear();
            for (Map.Entry<String, String> e : out) {
                headers.add(e.getKey(), e.getValue());
            }
        }
    }

    private static String replaceOne(String value, HttpActions.ReplaceHeader r,
                                     Function<Matcher, String> replacement) {
        Matcher m = r.regex().matcher(value);
        return m.find() ? replacement.apply(m) : value;
    }

    private static String replaceValues(String value, HttpActions.ReplaceHeader r,
                                        Function<Matcher, String> replacement) {
        String[] parts = value.split(",", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            Matcher m = r.regex().matcher(parts[i].strip());
            b.append(m.find() ? replacement.apply(m) : parts[i]);
        }
        return b.toString();
    }

    /** {@code \0}..{@code \9} in a rendered replacement become the groups of the match. */
    static String expand(String template, Matcher m) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                int g = template.charAt(++i) - '0';
                if (g <= m.groupCount() && m.group(g) != null) {
                    b.append(m.group(g));
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
