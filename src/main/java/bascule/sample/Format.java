package bascule.sample;

/**
 * A compiled log-format string as used in header values and redirect targets: literal text, {@code %%},
 * and {@code %[fetch,converters]} samples. Immutable and thread-safe.
 */
public interface Format {

    String render(SampleContext context);

    /** True when the format is a constant (no sample), so callers may render it once. */
    boolean isConstant();
}
