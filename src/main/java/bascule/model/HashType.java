package bascule.model;

/** {@code hash-type <map-based|consistent> [<function> [<modifier>]]}. */
public record HashType(boolean consistent, HashFunction function, boolean avalanche) {
    public static final HashType DEFAULT = new HashType(false, HashFunction.SDBM, false);
}
