package bascule.logformat;

import bascule.sample.Format;
import bascule.sample.SampleCompiler;
import bascule.sample.SampleContext;
import bascule.sample.SampleException;

/**
 * A log-format string used outside logs: header values, redirect targets, reply bodies, {@code set-var-fmt},
 * dynamic {@code use_backend} names and {@code unique-id-format}. Formats made only of text and samples render
 * straight from the sample context; those with variables ask the context for its {@link LogEntry} of the
 * moment ({@link LogEntrySource}). Immutable and thread-safe.
 */
public final class HeaderFormat implements Format {
    private final LogFormat format;
    private final String constant;

    private HeaderFormat(LogFormat format) {
        this.format = format;
        this.constant = format.constant();
    }

    /** A format of a header value, redirect, reply or variable (HAProxy's rules for those). */
    public static HeaderFormat compile(String text, SampleCompiler samples) throws SampleException {
        return new HeaderFormat(LogFormatCompiler.compileHeader(text, samples));
    }

    /** {@code unique-id-format}: a log-format proper, where spaces separate and a missing value is "-". */
    public static HeaderFormat compileUniqueId(String text, SampleCompiler samples) throws SampleException {
        return new HeaderFormat(LogFormatCompiler.compile(text, samples));
    }

    @Override
    public String render(SampleContext context) {
        if (constant != null) {
            return constant;
        }
        if (!format.usesVariables() && format.isHeader()) {
            return format.renderSamples(context);
        }
        LogEntry e;
        if (context instanceof LogEntrySource source) {
            e = source.logEntryNow();
            if (e.sample == null) {
                e.sample = context;
            }
        } else {
            e = new LogEntry();
            e.sample = context;
        }
        return format.render(e, LogFormat.Process.local(), 0);
    }

    @Override
    public boolean isConstant() {
        return constant != null;
    }

    @Override
    public String toString() {
        return format.source();
    }
}
