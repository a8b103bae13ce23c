package bascule.sample;

import java.util.function.Predicate;

/** A compiled sample fetch. Multi-valued fetches (headers, cookies) also let ACLs test every value. */
interface Fetch {

    /** The value used by expressions (for headers: the chosen occurrence, by default the last). */
    Sample fetch(SampleContext context);

    /** True as soon as one value passes {@code test}; ACLs use it so that any occurrence may match. */
    default boolean anyMatch(SampleContext context, Predicate<Sample> test) {
        Sample s = fetch(context);
        return s != null && test.test(s);
    }
}
