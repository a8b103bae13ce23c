package bascule.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The small counters behind {@code show stat}: per-second rates, sliding averages, state history. */
class StatsCountersTest {
    @Test
    void rateCountsTheCurrentSecondAndFadesThePreviousOne() {
        EventRate r = new EventRate();
        long t = 1_000_000_000L; // a whole second
        for (int i = 0; i < 10; i++) {
            r.increment(t + 100);
        }
        assertThat(r.perSecond(t + 500)).isEqualTo(10);
        assertThat(r.max()).isEqualTo(10);
        r.increment(t + 1000);
        // 1 this second + 10 of the previous one weighted by the 75% of it still in the window
        assertThat(r.perSecond(t + 1250)).isEqualTo(1 + 7);
        assertThat(r.perSecond(t + 2500)).isEqualTo(0);
        assertThat(r.perSecond(t + 5000)).isZero();
        assertThat(r.max()).isEqualTo(10);
        r.clearMax();
        assertThat(r.max()).isZero();
    }

    @Test
    void slidingAverageAveragesEarlySamplesThenSlides() {
        SlidingAverage a = new SlidingAverage();
        assertThat(a.average()).isZero();
        a.add(10);
        a.add(20);
        assertThat(a.average()).isEqualTo(15);
        assertThat(a.max()).isEqualTo(20);
        for (int i = 0; i < SlidingAverage.WINDOW * 4; i++) {
            a.add(100);
        }
        assertThat(a.average()).isBetween(95L, 100L);
        a.clear();
        assertThat(a.average()).isZero();
    }

    @Test
    void stateHistoryCountsDownTransitionsAndDownTime() {
        StateHistory h = new StateHistory(true);
        assertThat(h.set(true)).isFalse();
        assertThat(h.set(false)).isTrue();
        assertThat(h.downTransitions()).isEqualTo(1);
        assertThat(h.isUp()).isFalse();
        assertThat(h.set(true)).isTrue();
        assertThat(h.downTransitions()).isEqualTo(1);
        assertThat(h.secondsSinceChange()).isZero();
        assertThat(h.downSeconds()).isZero();
        h.clear();
        assertThat(h.downTransitions()).isZero();
    }
}
