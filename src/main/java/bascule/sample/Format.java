package bascule.sample;

/**
 * A compiled log-format string as used in header values, redirect targets and replies: literal text,
 * {@code %%}, samples {@code %[fetch,converters]} and the logging variables ({@code %ci}…), compiled by the
 * logging layer ({@code bascule.logformat.HeaderFormat}). Immutable and thread-safe.
 */
public interface Format {

    String render(SampleContext context);

    /** True when the format is a constant (no sample), so callers may render it once. */
    boolean isConstant();
}
