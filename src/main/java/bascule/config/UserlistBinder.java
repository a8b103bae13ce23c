package bascule.config;

import bascule.model.Position;
import bascule.model.UserlistSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds a {@code userlist <name>} section: {@code user <name> [password <hash>|insecure-password <pw>]
 * [groups <g1,g2>]} and {@code group <name> [users <u1,u2>]}. Membership may be declared on either side;
 * both must name users and groups of the same list. Password hashes are checked at load: Bascule verifies
 * crypt(3) hashes of the MD5 ({@code $1$}), SHA-256 ({@code $5$}), SHA-512 ({@code $6$}) and traditional DES
 * kinds; any other kind (bcrypt, yescrypt...) is refused here rather than failing every login later.
 */
final class UserlistBinder {
    private static final String SALT = "[./0-9A-Za-z]{1,16}";
    private static final Pattern MD5 = Pattern.compile("\\$1\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}");
    private static final Pattern SHA2 = Pattern.compile("\\$([56])\\$(rounds=[0-9]{1,9}\\$)?" + SALT
            + "\\$[./0-9A-Za-z]+");
    private static final Pattern DES = Pattern.compile("[./0-9A-Za-z]{13}");

    private UserlistBinder() {
    }

    static UserlistSpec section(Section s, List<ConfigException> errors, List<String> warnings) {
        if (s.name() == null) {
            errors.add(new ConfigException(s.position(), "'userlist' expects <name> as argument"));
            return null;
        }
        if (s.args().size() > 1) {
            errors.add(new ConfigException(s.position(), "'userlist " + s.name() + "' takes a single name but got '"
                    + s.args().get(1) + "'"));
        }
        Map<String, PendingUser> users = new LinkedHashMap<>();
        Map<String, PendingGroup> groups = new LinkedHashMap<>();
        for (ConfigLine line : s.lines()) {
            try {
                switch (line.keyword()) {
                    case "user" -> {
                        PendingUser u = user(line);
                        if (users.putIfAbsent(u.name, u) != null) {
                            warnings.add(line.position() + ": ignoring duplicated user '" + u.name + "' in userlist '"
                                    + s.name() + "'");
                        }
                    }
                    case "group" -> {
                        PendingGroup g = group(line);
                        if (groups.putIfAbsent(g.name, g) != null) {
                            warnings.add(line.position() + ": ignoring duplicated group '" + g.name
                                    + "' in userlist '" + s.name() + "'");
                        }
                    }
                    default -> throw new ConfigException(line.position(), "unknown keyword '" + line.keyword()
                            + "' in userlist '" + s.name() + "'; expected 'user' or 'group'"
                            + Words.didYouMean(line.keyword(), List.of("user", "group")));
                }
            } catch (ConfigException e) {
                errors.add(e);
            }
        }

        Map<String, Set<String>> membership = new LinkedHashMap<>();
        users.keySet().forEach(u -> membership.put(u, new LinkedHashSet<>()));
        for (PendingUser u : users.values()) {
            for (String g : u.groups) {
                if (!groups.containsKey(g)) {
                    errors.add(new ConfigException(u.position, "userlist '" + s.name() + "': no such group '" + g
                            + "' specified in user '" + u.name + "'" + Words.didYouMean(g, groups.keySet())));
                } else {
                    membership.get(u.name).add(g);
                }
            }
        }
        for (PendingGroup g : groups.values()) {
            for (String u : g.users) {
                if (!users.containsKey(u)) {
                    errors.add(new ConfigException(g.position, "userlist '" + s.name() + "': no such user '" + u
                            + "' specified in group '" + g.name + "'" + Words.didYouMean(u, users.keySet())));
                } else {
                    membership.get(u).add(g.name);
                }
            }
        }
        Map<String, UserlistSpec.User> result = new LinkedHashMap<>();
        for (PendingUser u : users.values()) {
            result.put(u.name, new UserlistSpec.User(u.name, u.password, u.insecure, membership.get(u.name),
                    u.position));
        }
        return new UserlistSpec(s.name(), s.position(), result, groups.keySet());
    }

    private static final class PendingUser {
        String name;
        String password;
        boolean insecure;
        List<String> groups = List.of();
        Position position;
    }

    private static final class PendingGroup {
        String name;
        List<String> users = List.of();
        Position position;
    }

    private static PendingUser user(ConfigLine line) throws ConfigException {
        PendingUser u = new PendingUser();
        u.name = Words.required(line, 1, "a user name");
        u.position = line.position();
        for (int i = 2; i < line.size(); i += 2) {
            String opt = line.word(i);
            String value = line.word(i + 1);
            switch (opt) {
                case "password", "insecure-password", "groups" -> {
                    if (value == null) {
                        throw new ConfigException(line.position(), "'user " + u.name + "': '" + opt
                                + "' expects a value");
                    }
                }
                default -> throw new ConfigException(line.position(), "'user' only supports 'password', "
                        + "'insecure-password' and 'groups' options but got '" + opt + "'"
                        + Words.didYouMean(opt, List.of("password", "insecure-password", "groups")));
            }
            switch (opt) {
                case "password" -> {
                    checkHash(line, u.name, value);
                    u.password = value;
                    u.insecure = false;
                }
                case "insecure-password" -> {
                    u.password = value;
                    u.insecure = true;
                }
                default -> u.groups = names(value);
            }
        }
        return u;
    }

    private static PendingGroup group(ConfigLine line) throws ConfigException {
        PendingGroup g = new PendingGroup();
        g.name = Words.required(line, 1, "a group name");
        g.position = line.position();
        if (line.size() > 2) {
            if (!line.word(2).equals("users") || line.size() < 4) {
                throw new ConfigException(line.position(), "'group' only supports the 'users <user1,user2...>' "
                        + "option but got '" + String.join(" ", line.words().subList(2, line.size())) + "'");
            }
            Words.noMoreThan(line, 4);
            g.users = names(line.word(3));
        }
        return g;
    }

    private static List<String> names(String commaList) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String n : commaList.split(",")) {
            if (!n.isEmpty() && seen.add(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Refuses, at load, a hash that Bascule could never verify, naming its kind. */
    static void checkHash(ConfigLine line, String user, String hash) throws ConfigException {
        if (MD5.matcher(hash).matches() || SHA2.matcher(hash).matches() || DES.matcher(hash).matches()) {
            return;
        }
        String kind = hash.startsWith("$2") ? "bcrypt" : hash.startsWith("$y$") ? "yescrypt"
                : hash.startsWith("$gy$") ? "gost-yescrypt" : hash.startsWith("$7$") ? "scrypt"
                : hash.startsWith("$sha1$") ? "sha1crypt" : hash.startsWith("$") ? "an unknown kind" : null;
        String what = kind != null ? "uses " + kind + " ('" + hash.substring(0, hash.indexOf('$', 1) + 1) + "')"
                : "is not a crypt(3) hash";
        if (hash.startsWith("$1$") || hash.startsWith("$5$") || hash.startsWith("$6$")) {
            what = "is not a well-formed " + (hash.charAt(1) == '1' ? "MD5" : hash.charAt(1) == '5' ? "SHA-256"
                    : "SHA-512") + " crypt hash";
        }
        throw new ConfigException(line.position(), "user '" + user + "': password hash " + what + ", which Bascule "
                + "cannot verify; use a SHA-512 crypt hash ($6$, e.g. from 'mkpasswd -m sha-512'), SHA-256 ($5$), "
                + "MD5 ($1$) or DES, or 'insecure-password'");
    }
}
