package bascule.model;

/**
 * {@code cookie <name> [rewrite|insert|prefix] [indirect] [nocache] [postonly] [preserve] [httponly]
 * [secure] [domain <d>]* [maxidle <s>] [maxlife <s>] [dynamic] [attr <v>]*}; null on a proxy without it.
 * Times are in seconds (0 = unset).
 */
public record CookieSpec(String name, Mode mode, boolean indirect, boolean nocache, boolean postonly,
                         boolean preserve, boolean httponly, boolean secure, java.util.List<String> domains,
                         long maxidle, long maxlife, java.util.List<String> attrs, Position position) {
    /** PASSIVE: no insert/rewrite/prefix; the application sets the cookie and Bascule only reads it. */
    public enum Mode { PASSIVE, REWRITE, INSERT, PREFIX }

    public CookieSpec {
        domains = java.util.List.copyOf(domains);
        attrs = java.util.List.copyOf(attrs);
    }
}
