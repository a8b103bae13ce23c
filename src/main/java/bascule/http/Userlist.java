package bascule.http;

import bascule.model.UserlistSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.codec.digest.Crypt;

/**
 * A live {@code userlist}: checks HTTP Basic credentials ({@code http_auth}, {@code http-request auth})
 * and tells a user's groups ({@code http_auth_group}). Hashed passwords are verified with crypt(3)
 * ({@code $1$}, {@code $5$}, {@code $6$}, DES; the binder refused other kinds at load).
 *
 * <p>Crypt is deliberately slow (a SHA-512 hash costs milliseconds), and a keep-alive browser sends the
 * same {@code Authorization} value with every request, so successful checks are remembered by header
 * value in a small LRU map. Only successes are kept: wrong guesses cannot evict real users, and a stale
 * entry is impossible because the list never changes (a reload builds a new one).
 */
public final class Userlist {
    private static final int CACHE_SIZE = 256;

    private final String name;
    private final Map<String, UserlistSpec.User> users;
    private final Map<String, String> verified = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private Userlist(UserlistSpec spec) {
        this.name = spec.name();
        this.users = spec.users();
    }

    public static Userlist of(UserlistSpec spec) {
        return new Userlist(spec);
    }

    public String name() {
        return name;
    }

    /**
     * The user named by a valid {@code Authorization: Basic <base64(user:password)>} value, or null when the
     * value is missing, not Basic, malformed, names an unknown user or has a wrong password.
     */
    public String authenticate(String authorization) {
        if (authorization == null) {
            return null;
        }
        synchronized (verified) {
            String u = verified.get(authorization);
            if (u != null) {
                return u;
            }
        }
        String v = authorization.strip();
        int sp = v.indexOf(' ');
        if (sp < 0 || !v.substring(0, sp).toLowerCase(Locale.ROOT).equals("basic")) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(v.substring(sp + 1).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = -1;
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return null;
        }
        String user = new String(decoded, 0, colon, StandardCharsets.UTF_8);
        byte[] password = java.util.Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        if (!check(user, password)) {
            return null;
        }
        synchronized (verified) {
            verified.put(authorization, user);
        }
        return user;
    }

    /** True when {@code user} exists and {@code password} (raw bytes, as sent) is its password. */
    public boolean check(String user, byte[] password) {
        UserlistSpec.User u = users.get(user);
        if (u == null || u.password() == null) {
            return false;
        }
        byte[] expected = u.password().getBytes(StandardCharsets.UTF_8);
        if (u.insecure()) {
            return MessageDigest.isEqual(expected, password);
        }
        try {
            String computed = Crypt.crypt(password, u.password());
            return MessageDigest.isEqual(expected, computed.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The groups of {@code user}; empty for an unknown user. */
    public Set<String> groups(String user) {
        UserlistSpec.User u = users.get(user);
        return u == null ? Set.of() : u.groups();
    }

    /** True when the list declares {@code user}. */
    public boolean has(String user) {
        return users.containsKey(user);
    }
}
