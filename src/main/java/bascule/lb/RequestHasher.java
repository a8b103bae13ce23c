package bascule.lb;

/**
 * Turns what a hashing algorithm reads from a stream into the unsigned 32-bit value that places it on
 * the server map or ring, {@code hash-type} function and modifier included.
 */
@FunctionalInterface
interface RequestHasher {
    /** The stream has no key (no address, no such parameter or header): balance it round-robin. */
    long NO_KEY = -1;

    /** The hash as an unsigned 32-bit value in a long, or {@link #NO_KEY}. */
    long hash(LbRequest request);
}
