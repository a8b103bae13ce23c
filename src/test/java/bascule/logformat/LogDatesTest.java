package bascule.logformat;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.sample.SampleCompiler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The date variables, formatted once per second, show the same text as a formatter run on each line. */
class LogDatesTest {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS",
            Locale.ENGLISH);
    private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH);

    @Test
    void everyDateVariableMatchesTheFormatterAcrossSecondsAndBackInTime() throws Exception {
        LogFormat f = LogFormatCompiler.compile("%t|%tr|%T|%Tl|%trg|%trl",
                new SampleCompiler(Path.of(""), name -> null));
        LogFormat.Process p = new LogFormat.Process(1, "h");
        // same second twice (cached), the next second, a millisecond before, a far date, then back again
        for (long ms : List.of(1_700_000_000_123L, 1_700_000_000_999L, 1_700_000_001_000L, 1_700_000_000_999L,
                1_000_000_000_007L, 1_700_000_000_000L, 999L)) {
            LogEntry e = new LogEntry();
            e.client = new InetSocketAddress("10.0.0.7", 1);
            e.acceptEpochMillis = ms;
            e.requestEpochMillis = ms + 1;
            Instant a = Instant.ofEpochMilli(ms);
            Instant r = Instant.ofEpochMilli(ms + 1);
            ZoneId local = ZoneId.systemDefault();
            String want = MILLIS.format(a.atZone(local)) + "|" + MILLIS.format(r.atZone(local)) + "|"
                    + ZONED.format(a.atZone(ZoneOffset.UTC)) + "|" + ZONED.format(a.atZone(local)) + "|"
                    + ZONED.format(r.atZone(ZoneOffset.UTC)) + "|" + ZONED.format(r.atZone(local));
            assertThat(f.render(e, p, 1)).as("at %d", ms).isEqualTo(want);
        }
    }
}
