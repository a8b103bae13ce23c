package bascule.sample;

/**
 * A compiled {@code if}/{@code unless} condition: ACL terms, {@code !}, implicit AND and {@code or}/
 * {@code ||}. Immutable and thread-safe; nothing is parsed when it is tested.
 */
public interface Condition {
    Condition ALWAYS = context -> true;

    boolean test(SampleContext context);
}
