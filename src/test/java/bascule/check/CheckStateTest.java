package bascule.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bascule.check.CheckState.InitState;
import bascule.check.CheckState.Phase;
import bascule.check.CheckState.Transition;
import org.junit.jupiter.api.Test;

/** HAProxy's rise/fall counter: health 0..rise+fall-1, the jumps at rise, and which interval applies. */
class CheckStateTest {
    private static final long INTER = 2000;
    private static final long FAST = 500;
    private static final long DOWNI = 10_000;

    @Test
    void startsUpButOneFailureAwayFromDown() {
        CheckState s = new CheckState(2, 3);
        assertThat(s.isUp()).isTrue();
        assertThat(s.health()).isEqualTo(2);
        assertThat(s.phase()).isEqualTo(Phase.GOING_DOWN);
        assertThat(s.statusText()).isEqualTo("UP 1/3");

        assertThat(s.failed()).isEqualTo(Transition.WENT_DOWN);
        assertThat(s.health()).isZero();
        assertThat(s.phase()).isEqualTo(Phase.DOWN);
        assertThat(s.statusText()).isEqualTo("DOWN");
    }

    @Test
    void firstPassedCheckAfterStartMakesItFullyUp() {
        CheckState s = new CheckState(2, 3);
        assertThat(s.passed()).isEqualTo(Transition.NONE);
        assertThat(s.health()).isEqualTo(4);
        assertThat(s.phase()).isEqualTo(Phase.UP);
        assertThat(s.statusText()).isEqualTo("UP");
    }

    @Test
    void fullyUpServerNeedsFallConsecutiveFailuresToGoDown() {
        CheckState s = new CheckState(2, 3, InitState.FULLY_UP);
        assertThat(s.failed()).isEqualTo(Transition.NONE);
        assertThat(s.health()).isEqualTo(3);
        assertThat(s.statusText()).isEqualTo("UP 2/3");
        assertThat(s.failed()).isEqualTo(Transition.NONE);
        assertThat(s.health()).isEqualTo(2);
        assertThat(s.statusText()).isEqualTo("UP 1/3");
        assertThat(s.isUp()).isTrue();
        assertThat(s.failed()).isEqualTo(Transition.WENT_DOWN);
        assertThat(s.health()).isZero();
        assertThat(s.isUp()).isFalse();
    }

    @Test
    void onePassedCheckWhileGoingDownRestoresFullHealth() {
        CheckState s = new CheckState(2, 3, InitState.FULLY_UP);
        s.failed();
        s.failed();
        assertThat(s.passed()).isEqualTo(Transition.NONE);
        assertThat(s.health()).isEqualTo(4);
        assertThat(s.phase()).isEqualTo(Phase.UP);
        assertThat(s.failed()).isEqualTo(Transition.NONE);
        assertThat(s.failed()).isEqualTo(Transition.NONE);
        assertThat(s.failed()).isEqualTo(Transition.WENT_DOWN);
    }

    @Test
    void downServerNeedsRiseConsecutiveSuccessesToComeUp() {
        CheckState s = new CheckState(3, 2, InitState.FULLY_DOWN);
        assertThat(s.passed()).isEqualTo(Transition.NONE);
        assertThat(s.phase()).isEqualTo(Phase.GOING_UP);
        assertThat(s.statusText()).isEqualTo("DOWN 1/3");
        assertThat(s.passed()).isEqualTo(Transition.NONE);
        assertThat(s.statusText()).isEqualTo("DOWN 2/3");
        assertThat(s.isUp()).isFalse();
        assertThat(s.passed()).isEqualTo(Transition.WENT_UP);
        assertThat(s.health()).isEqualTo(4);
        assertThat(s.phase()).isEqualTo(Phase.UP);
    }

    @Test
    void oneFailureWhileGoingUpStartsOver() {
        CheckState s = new CheckState(3, 2, InitState.FULLY_DOWN);
        s.passed();
        s.passed();
        assertThat(s.failed()).isEqualTo(Transition.NONE);
        assertThat(s.health()).isZero();
        assertThat(s.phase()).isEqualTo(Phase.DOWN);
        s.passed();
        s.passed();
        assertThat(s.passed()).isEqualTo(Transition.WENT_UP);
    }

    @Test
    void downInitStateComesUpAtTheFirstPassedCheck() {
        CheckState s = new CheckState(3, 2, InitState.DOWN);
        assertThat(s.isUp()).isFalse();
        assertThat(s.statusText()).isEqualTo("DOWN 2/3");
        assertThat(s.passed()).isEqualTo(Transition.WENT_UP);
        assertThat(s.phase()).isEqualTo(Phase.UP);
    }

    @Test
    void countersStayWithinBounds() {
        CheckState s = new CheckState(2, 3, InitState.FULLY_DOWN);
        assertThat(s.failed()).isEqualTo(Transition.NONE);
        assertThat(s.health()).isZero();
        CheckState t = new CheckState(2, 3, InitState.FULLY_UP);
        assertThat(t.passed()).isEqualTo(Transition.NONE);
        assertThat(t.health()).isEqualTo(4);
    }

    @Test
    void riseAndFallOfOneFlipOnEveryChange() {
        CheckState s = new CheckState(1, 1);
        assertThat(s.phase()).isEqualTo(Phase.UP);
        assertThat(s.failed()).isEqualTo(Transition.WENT_DOWN);
        assertThat(s.failed()).isEqualTo(Transition.NONE);
        assertThat(s.passed()).isEqualTo(Transition.WENT_UP);
        assertThat(s.passed()).isEqualTo(Transition.NONE);
    }

    @Test
    void intervalIsInterWhenFullyUpDowninterWhenFullyDownFastinterInBetween() {
        CheckState s = new CheckState(2, 3, InitState.FULLY_UP);
        assertThat(s.nextInterval(INTER, FAST, DOWNI)).isEqualTo(INTER);
        s.failed();
        assertThat(s.phase()).isEqualTo(Phase.GOING_DOWN);
        assertThat(s.nextInterval(INTER, FAST, DOWNI)).isEqualTo(FAST);
        s.failed();
        s.failed();
        assertThat(s.phase()).isEqualTo(Phase.DOWN);
        assertThat(s.nextInterval(INTER, FAST, DOWNI)).isEqualTo(DOWNI);
        s.passed();
        assertThat(s.phase()).isEqualTo(Phase.GOING_UP);
        assertThat(s.nextInterval(INTER, FAST, DOWNI)).isEqualTo(FAST);
        s.passed();
        assertThat(s.nextInterval(INTER, FAST, DOWNI)).isEqualTo(INTER);
    }

    @Test
    void defaultStartIsTransitionalSoItUsesFastinterUnlessFallIsOne() {
        assertThat(new CheckState(2, 3).nextInterval(INTER, FAST, DOWNI)).isEqualTo(FAST);
        assertThat(new CheckState(2, 1).nextInterval(INTER, FAST, DOWNI)).isEqualTo(INTER);
    }

    @Test
    void unsetFastinterAndDowninterFallBackToInter() {
        CheckState s = new CheckState(2, 3);
        assertThat(s.nextInterval(INTER, 0, 0)).isEqualTo(INTER);
        s.failed();
        assertThat(s.nextInterval(INTER, 0, 0)).isEqualTo(INTER);
    }

    @Test
    void riseAndFallMustBePositive() {
        assertThatThrownBy(() -> new CheckState(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckState(2, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
