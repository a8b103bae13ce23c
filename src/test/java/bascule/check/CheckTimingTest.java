package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Timeouts;
import org.junit.jupiter.api.Test;

/** When checks run: the probe's connect timeout and the spreading of first checks. */
class CheckTimingTest {
    @Test
    void connectTimeoutIsInterUnlessTimeoutCheckIsSetThenMinOfInterAndTimeoutConnect() {
        assertThat(ServerCheck.connectTimeout(2000, Timeouts.NONE)).isEqualTo(2000);
        assertThat(ServerCheck.connectTimeout(2000, Timeouts.NONE.with("connect", 500))).isEqualTo(2000);
        assertThat(ServerCheck.connectTimeout(2000, Timeouts.NONE.with("check", 500))).isEqualTo(2000);
        assertThat(ServerCheck.connectTimeout(2000, Timeouts.NONE.with("check", 10_000).with("connect", 500)))
                .isEqualTo(500);
        assertThat(ServerCheck.connectTimeout(2000, Timeouts.NONE.with("check", 10_000).with("connect", 5000)))
                .isEqualTo(2000);
    }

    @Test
    void firstChecksAreSpreadOverTheSmallestIntervalOfAtLeastOneSecond() {
        assertThat(HealthChecks.firstDelays(new long[] {2000, 2000, 2000, 2000})).containsExactly(0, 500, 1000, 1500);
        // Checkers faster than one second do not set the spreading interval; slower ones use their own...
        assertThat(HealthChecks.firstDelays(new long[] {100, 2000, 3000})).containsExactly(0, 666, 2000);
        // ...and when every checker is fast, each spreads over its own interval.
        assertThat(HealthChecks.firstDelays(new long[] {100, 100})).containsExactly(0, 50);
        assertThat(HealthChecks.firstDelays(new long[0])).isEmpty();
    }
}
