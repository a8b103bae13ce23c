package bascule.log;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.LogTarget;
import bascule.model.Position;
import bascule.testing.SyslogListener;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The datagrams LogSender writes: header, encoding, cut to the target's length, none lost under a burst. */
class LogSenderTest {
    private static LogTarget udp(int port, int len, LogTarget.Format format) {
        return new LogTarget(LogTarget.Kind.UDP, "127.0.0.1", port, null, len, format, 16, 7, 0,
                new Position("test", 1));
    }

    @Test
    void rfc3164LinesCarryTheHeaderAndEndWithALineFeed() throws Exception {
        try (SyslogListener syslog = new SyslogListener(); LogSender sender = new LogSender()) {
            String before = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ENGLISH));
            sender.send(udp(syslog.port(), 1024, LogTarget.Format.RFC3164), 6, "haproxy", null, "hello");
            String line = syslog.next(Duration.ofSeconds(5));
            assertThat(line).matches("<134>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d haproxy\\[" + sender.pid()
                    + "]: hello\n");
            String after = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ENGLISH));
            assertThat(line.substring(5, 17)).isIn(before, after);
        }
    }

    @Test
    void aLongLineIsCutToTheTargetLengthAndStillEndsWithALineFeed() throws Exception {
        try (SyslogListener syslog = new SyslogListener(); LogSender sender = new LogSender()) {
            sender.send(udp(syslog.port(), 100, LogTarget.Format.RAW), 6, "haproxy", null, "x".repeat(300));
            assertThat(syslog.next(Duration.ofSeconds(5))).isEqualTo("x".repeat(99) + "\n");
            sender.send(udp(syslog.port(), 100, LogTarget.Format.RAW), 6, "haproxy", null, "y".repeat(99));
            assertThat(syslog.next(Duration.ofSeconds(5))).isEqualTo("y".repeat(99) + "\n");
        }
    }

    @Test
    void nonAsciiTextIsSentInUtf8() throws Exception {
        try (SyslogListener syslog = new SyslogListener(); LogSender sender = new LogSender()) {
            sender.send(udp(syslog.port(), 1024, LogTarget.Format.SHORT), 6, "haproxy", null, "host é→ok");
            assertThat(syslog.next(Duration.ofSeconds(5))).isEqualTo("<134>host é→ok\n");
        }
    }

    @Test
    void aBurstFromSeveralThreadsArrivesWholeAndInOrderPerThread() throws Exception {
        int threads = 4;
        int each = 25; // few enough for the listener's default receive buffer: none may be lost
        try (SyslogListener syslog = new SyslogListener(); LogSender sender = new LogSender()) {
            LogTarget t = udp(syslog.port(), 1024, LogTarget.Format.RAW);
            List<Thread> started = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int id = k;
                started.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        sender.send(t, 6, "haproxy", null, id + ":" + i);
                    }
                }));
            }
            for (Thread th : started) {
                th.join();
            }
            List<String> got = new ArrayList<>();
            while (got.size() < threads * each) {
                got.add(syslog.next(Duration.ofSeconds(5)));
            }
            assertThat(sender.dropped()).isZero();
            for (int k = 0; k < threads; k++) {
                String prefix = k + ":";
                List<String> mine = got.stream().filter(l -> l.startsWith(prefix)).toList();
                List<String> want = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    want.add(prefix + i + "\n");
                }
                assertThat(mine).isEqualTo(want);
            }
        }
    }
}
