package bascule.stats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a scrape asks for in its query string, as HAProxy 2.6's exporter reads it: {@code scope=<name>} (any
 * number of times; the first one replaces the default of every scope, an empty one removes all scopes
 * chosen so far) and {@code no-maint} (servers in maintenance are left out). Parameters are split on
 * {@code &} only, their values percent-decoded; other parameters are ignored. An unknown scope, a
 * {@code scope} without {@code =} or a broken percent escape makes the request invalid (HAProxy answers 400).
 */
record PromQuery(Set<Scope> scopes, boolean noMaint) {
    /** The parts of the output, in the order they are written. */
    enum Scope {
        GLOBAL("global"), FRONTEND("frontend"), BACKEND("backend"), SERVER("server"), STICKTABLE("sticktable");

        private final String word;

        Scope(String word) {
            this.word = word;
        }

        static Scope of(String word) {
            for (Scope s : values()) {
                if (s.word.equals(word)) {
                    return s;
                }
            }
            return null;
        }
    }

    static final PromQuery ALL = new PromQuery(EnumSet.allOf(Scope.class), false);

    boolean wants(Scope s) {
        return scopes.contains(s);
    }

    /** The query of {@code uri}, or null when it is invalid. */
    static PromQuery parse(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return ALL;
        }
        int hash = uri.indexOf('#', q);
        String query = uri.substring(q + 1, hash < 0 ? uri.length() : hash);
        EnumSet<Scope> scopes = EnumSet.allOf(Scope.class);
        boolean chosen = false;
        boolean noMaint = false;
        for (String param : query.split("&", -1)) {
            int eq = param.indexOf('=');
            String key = eq < 0 ? param : param.substring(0, eq);
            if (key.equals("no-maint")) {
                noMaint = true;
            } else if (key.equals("scope")) {
                if (eq < 0) {
                    return null;
                }
                String value = percentDecode(param.substring(eq + 1));
                if (value == null) {
                    return null;
                }
                if (!chosen) {
                    scopes.clear();
                    chosen = true;
                }
                if (value.isEmpty()) {
                    scopes.clear();
                    continue;
                }
                Scope s = Scope.of(value);
                if (s == null) {
                    return null;
                }
                scopes.add(s);
            }
        }
        return new PromQuery(Set.copyOf(scopes), noMaint);
    }

    /** {@code %XX} escapes decoded (UTF-8); null when one is malformed. A {@code +} stays a {@code +}. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= s.length()) {
                return null;
            }
            int hi = Character.digit(s.charAt(i + 1), 16);
            int lo = Character.digit(s.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
