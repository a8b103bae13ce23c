package bascule.model;

/** {@code balance <algorithm>}; {@code draws} is the n of {@code random(n)} (default 2). */
public record Balance(Algorithm algorithm, int draws) {
    public static final Balance DEFAULT = new Balance(Algorithm.ROUNDROBIN, 2);
}
