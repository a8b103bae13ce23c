package bascule.logformat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The dates of log lines ({@code %t}, {@code %tr}, {@code %T}, {@code %Tl}...), formatted once per second:
 * lines come by the thousand per second and nearly all of them show the current second, whose text is
 * kept, so a line costs a comparison and an append instead of a {@link DateTimeFormatter} run (the
 * formatter and its date objects were the largest cost of rendering a line). Thread-safe: the cache is
 * one immutable pair in a volatile field; threads that race on a new second each format it once.
 * The local zone is the one the process started with, as HAProxy's (the C library reads TZ once).
 */
final class LogDates {
    private static final ZoneId LOCAL = ZoneId.systemDefault();
    private static final LogDates LOCAL_SECONDS = new LogDates("dd/MMM/yyyy:HH:mm:ss", LOCAL);
    private static final LogDates LOCAL_ZONED = new LogDates("dd/MMM/yyyy:HH:mm:ss Z", LOCAL);
    private static final LogDates GMT_ZONED = new LogDates("dd/MMM/yyyy:HH:mm:ss Z", ZoneOffset.UTC);

    private record Second(long epochSecond, String text) {
    }

    private final DateTimeFormatter formatter;
    private final ZoneId zone;
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    private LogDates(String pattern, ZoneId zone) {
        this.formatter = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        this.zone = zone;
    }

    private String second(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        Second c = last;
        if (c.epochSecond() != s) {
            c = new Second(s, formatter.format(Instant.ofEpochSecond(s).atZone(zone)));
            last = c;
        }
        return c.text();
    }

    /** {@code dd/MMM/yyyy:HH:mm:ss.SSS} in the local zone. */
    static void appendMillis(long epochMillis, StringBuilder b) {
        int ms = (int) Math.floorMod(epochMillis, 1000L);
        b.append(LOCAL_SECONDS.second(epochMillis)).append('.')
                .append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
    }

    /** {@code dd/MMM/yyyy:HH:mm:ss +hhmm} in the local zone, or in GMT ({@code +0000}). */
    static void appendZoned(long epochMillis, boolean gmt, StringBuilder b) {
        b.append((gmt ? GMT_ZONED : LOCAL_ZONED).second(epochMillis));
    }
}
