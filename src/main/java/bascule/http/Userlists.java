package bascule.http;

import bascule.model.UserlistSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every {@code userlist} of a configuration, by name ({@code Model.userlists()}). Immutable. */
public final class Userlists {
    private final Map<String, Userlist> byName;

    private Userlists(Map<String, Userlist> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static Userlists of(List<UserlistSpec> specs) {
        Map<String, Userlist> m = new LinkedHashMap<>();
        for (UserlistSpec s : specs) {
            m.putIfAbsent(s.name(), Userlist.of(s));
        }
        return new Userlists(m);
    }

    /** The list named {@code name}, or null. */
    public Userlist get(String name) {
        return byName.get(name);
    }

    /** {@code http_auth(<name>)}: the authenticated user, or null (also when the list does not exist). */
    public String authenticate(String userlist, String authorization) {
        Userlist u = byName.get(userlist);
        return u == null ? null : u.authenticate(authorization);
    }

    /** {@code http_auth_group(<name>)}: the groups of {@code user} in that list; empty when unknown. */
    public Set<String> groups(String userlist, String user) {
        Userlist u = byName.get(userlist);
        return u == null || user == null ? Set.of() : u.groups(user);
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
