package bascule.model;

import bascule.logformat.LogFormat;
import java.util.List;

/**
 * A proxy's traffic logging. {@code targets} are its {@code log} lines ({@code log global} already replaced
 * by the global ones); no target, no line. {@code format} is what {@code option tcplog|httplog|httpslog} or
 * {@code log-format} chose, or null for HAProxy's oldest behaviour: one "Connect from" line per accepted
 * connection. {@code structuredData} is {@code log-format-sd} (RFC5424 targets), {@code errorFormat}
 * {@code error-log-format}. {@code tag} overrides the global {@code log-tag} when not null. Captures are
 * the slots of {@code capture request|response header}, {@code declare capture} and
 * {@code http-request capture ... len}, in declaration order; {@code cookie} is {@code capture cookie}.
 */
public record LogSpec(List<LogTarget> targets, String tag, LogFormat format, LogFormat structuredData,
                      LogFormat errorFormat, boolean dontLogNull, boolean dontLogNormal, boolean separateErrors,
                      List<CaptureSlot> requestCaptures, List<CaptureSlot> responseCaptures, CookieCapture cookie,
                      boolean logAsap) {
    public static final LogSpec NONE = new LogSpec(List.of(), null, null, null, null, false, false, false, List.of(),
            List.of(), null, false);

    public LogSpec {
        targets = List.copyOf(targets);
        requestCaptures = List.copyOf(requestCaptures);
        responseCaptures = List.copyOf(responseCaptures);
    }

    /** One capture slot: the header it captures ({@code null} when rules fill it) and its length. */
    public record CaptureSlot(String header, int length) {
    }

    /** {@code capture cookie <name> len <n>}: the cookie whose "name=value" %CC and %CS show. */
    public record CookieCapture(String name, int length) {
    }
}
