package bascule.sample;

/** A compiled converter: transforms one sample, or returns null when it cannot (the expression fails). */
interface Converter {
    Sample convert(Sample in, SampleContext context);
}
