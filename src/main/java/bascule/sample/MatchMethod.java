package bascule.sample;

import java.util.Locale;

/** ACL pattern matching methods ({@code -m}), named as HAProxy names them. */
enum MatchMethod {
    FOUND, BOOL, INT, IP, LEN, STR, BEG, SUB, DIR, DOM, END, REG,
    /** {@code http_auth_group}: the authenticated user belongs to one of the pattern groups. */
    GROUP;

    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MatchMethod byKeyword(String word) {
        for (MatchMethod m : values()) {
            if (m != GROUP && m.keyword().equals(word)) {
                return m;
            }
        }
        return null;
    }
}
