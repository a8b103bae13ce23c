package bascule.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code userlist <name>} section. {@code users} by name; each user's {@code groups} already merges both
 * ways of declaring membership ({@code user ... groups g1,g2} and {@code group g users u1,u2}).
 * {@code groups} holds every declared group, even empty ones.
 */
public record UserlistSpec(String name, Position position, Map<String, User> users, Set<String> groups) {
    public UserlistSpec {
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        groups = Set.copyOf(groups);
    }

    /**
     * One user. {@code password} is a crypt(3) hash, or the clear text when {@code insecure}; null when the
     * line gave none (such a user never authenticates).
     */
    public record User(String name, String password, boolean insecure, Set<String> groups, Position position) {
        public User {
            groups = Set.copyOf(groups);
        }
    }
}
