package bascule.sample;

/** A compiled fetch with its converters ({@code req.hdr(host),lower}). Immutable and thread-safe. */
public interface SampleExpr {

    /** The value, or null when the fetch found nothing or a converter failed. */
    Sample evaluate(SampleContext context);

    /** Evaluates and converts to a string (null when there is no sample). */
    default String evaluateString(SampleContext context) {
        Sample s = evaluate(context);
        return s == null ? null : Samples.asString(s);
    }
}
