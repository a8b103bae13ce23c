package bascule.model;

import bascule.sample.Condition;
import java.util.List;

/**
 * A proxy's stats page ({@code stats enable|uri|realm|auth|refresh|show-node|show-legends|show-desc|
 * hide-version|scope|admin}). {@code uri} is the prefix that selects the page; {@code users} are
 * {@code user:password} pairs of {@code stats auth} (none: no authentication); {@code refreshSeconds} 0 means
 * no refresh; {@code node} is the name shown by {@code stats show-node} (null when not shown; the host name when
 * the keyword had no argument); {@code description} likewise for {@code stats show-desc}; {@code scopes} limit
 * the proxies shown (empty: all); {@code admin} is the condition of {@code stats admin} (null: no admin form).
 */
public record StatsSpec(String uri, String realm, List<User> users, int refreshSeconds, String node,
                        String description, boolean showLegends, boolean hideVersion, List<String> scopes,
                        Condition admin, Position position) {
    /** HAProxy's default {@code stats uri}. */
    public static final String DEFAULT_URI = "/haproxy?stats";
    /** HAProxy's default {@code stats realm}. */
    public static final String DEFAULT_REALM = "HAProxy Statistics";

    public StatsSpec {
        users = List.copyOf(users);
        scopes = List.copyOf(scopes);
    }

    /** One {@code stats auth user:password}. */
    public record User(String name, String password) {
    }
}
