package bascule.model;

import bascule.sample.SampleExpr;
import java.util.Objects;

/**
 * {@code balance <algorithm> [<arguments>]}. {@code draws} is the n of {@code random(n)} (default 2);
 * {@code key} says what the request-hashing algorithms hash, and is null for the others.
 */
public record Balance(Algorithm algorithm, int draws, Key key) {
    public static final Balance DEFAULT = new Balance(Algorithm.ROUNDROBIN, 2);

    public Balance {
        Objects.requireNonNull(algorithm, "algorithm");
        Algorithm expected = switch (key) {
            case null -> null;
            case Uri u -> Algorithm.URI;
            case UrlParam p -> Algorithm.URL_PARAM;
            case Header h -> Algorithm.HDR;
            case Expression e -> Algorithm.HASH;
        };
        boolean needsKey = algorithm == Algorithm.URI || algorithm == Algorithm.URL_PARAM
                || algorithm == Algorithm.HDR || algorithm == Algorithm.HASH;
        if (needsKey ? expected != algorithm : key != null) {
            throw new IllegalArgumentException("balance " + algorithm.keyword() + " cannot take key " + key);
        }
    }

    public Balance(Algorithm algorithm, int draws) {
        this(algorithm, draws, null);
    }

    public Balance(Key key) {
        this(switch (key) {
            case Uri u -> Algorithm.URI;
            case UrlParam p -> Algorithm.URL_PARAM;
            case Header h -> Algorithm.HDR;
            case Expression e -> Algorithm.HASH;
        }, 2, key);
    }

    /**
     * What actually runs in a proxy of {@code mode}: HAProxy replaces the layer-7 algorithms by
     * round-robin outside HTTP mode (with a warning at load), since there is no request to hash.
     */
    public Balance forMode(Mode mode) {
        return algorithm.needsHttp() && mode != Mode.HTTP ? DEFAULT : this;
    }

    /** What a request-hashing algorithm hashes. */
    public sealed interface Key permits Uri, UrlParam, Header, Expression {
    }

    /**
     * {@code balance uri [len <n>] [depth <n>] [whole] [path-only]}: {@code length} and {@code depth} are 0
     * when not limited.
     */
    public record Uri(int length, int depth, boolean whole, boolean pathOnly) implements Key {
        public static final Uri PLAIN = new Uri(0, 0, false, false);
    }

    /**
     * {@code balance url_param <name> [check_post]}. HAProxy 2.6 accepts {@code check_post} (and a number
     * after it) but no longer reads it: the body of a POST is searched whenever the query string lacks
     * the parameter, so {@code checkPost} only records what was written.
     */
    public record UrlParam(String name, boolean checkPost) implements Key {
        public UrlParam {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code balance hdr(<name>) [use_domain_only]}. */
    public record Header(String name, boolean domainOnly) implements Key {
        public Header {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code balance hash <expr>}: the sample expression as written, and compiled. */
    public record Expression(String text, SampleExpr compiled) implements Key {
        public Expression {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(compiled, "compiled");
        }
    }
}
