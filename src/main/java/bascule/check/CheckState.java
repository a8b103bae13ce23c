package bascule.check;

/**
 * HAProxy's health counter for one server check ({@code check.health} in {@code src/check.c}).
 *
 * <p>{@code health} runs from 0 to {@code rise + fall - 1}. A server is fully UP at the top and fully DOWN at
 * 0. Between the two it is either UP and "going down" (some checks failed, fewer than {@code fall}) or DOWN
 * and "going up" (some checks passed, fewer than {@code rise}). The counter is not symmetric: a failure that
 * takes {@code health} below {@code rise} drops it straight to 0 (DOWN), and a success that brings it up to
 * {@code rise} lifts it straight to the top (UP). So from fully UP it takes {@code fall} consecutive
 * failures to go DOWN, and from fully DOWN {@code rise} consecutive successes to come UP.
 *
 * <p>A server starts as {@link InitState#UP}: UP with {@code health = rise}, so the very first failed check
 * marks it DOWN, and the first passed one makes it fully UP. That is HAProxy's default ({@code init-state up});
 * the other initial states are here for {@code init-state} and for carrying state across a reload.
 *
 * <p>Not thread-safe: each instance belongs to one checker, which runs on one event loop.
 */
public final class CheckState {
    /** Where a server starts, as HAProxy's {@code init-state} names it. */
    public enum InitState {
        /** UP; goes DOWN only after {@code fall} failed checks. */
        FULLY_UP,
        /** UP, but the first failed check takes it DOWN (HAProxy's default). */
        UP,
        /** DOWN, but the first passed check brings it UP. */
        DOWN,
        /** DOWN; comes UP only after {@code rise} passed checks. */
        FULLY_DOWN
    }

    /** The four states HAProxy shows on its stats page ("UP", "UP 1/3", "DOWN", "DOWN 1/2"). */
    public enum Phase { UP, GOING_DOWN, DOWN, GOING_UP }

    /** What a check result did to the server's operational state. */
    public enum Transition { NONE, WENT_UP, WENT_DOWN }

    private final int rise;
    private final int fall;
    private int health;
    private boolean up;

    /** A counter in HAProxy's default initial state ({@link InitState#UP}). */
    public CheckState(int rise, int fall) {
        this(rise, fall, InitState.UP);
    }

    public CheckState(int rise, int fall, InitState init) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1, got rise " + rise + ", fall " + fall);
        }
        this.rise = rise;
        this.fall = fall;
        switch (init) {
            case FULLY_UP -> {
                health = top();
                up = true;
            }
            case UP -> {
                health = rise;
                up = true;
            }
            case DOWN -> {
                health = rise - 1;
                up = false;
            }
            case FULLY_DOWN -> {
                health = 0;
                up = false;
            }
            default -> throw new IllegalArgumentException(String.valueOf(init));
        }
    }

    /** Counts a passed check. */
    public Transition passed() {
        if (health < top()) {
            health++;
            if (health >= rise) {
                health = top();
            }
        }
        if (!up && health >= rise) {
            up = true;
            return Transition.WENT_UP;
        }
        return Transition.NONE;
    }

    /** Counts a failed check. */
    public Transition failed() {
        if (health > 0) {
            health--;
            if (health < rise) {
                health = 0;
            }
        }
        if (up && health == 0) {
            up = false;
            return Transition.WENT_DOWN;
        }
        return Transition.NONE;
    }

    /**
     * Forces the counter to fully UP or fully DOWN, as the runtime API's {@code set server … health up|down}
     * does; returns what that did to the operational state.
     */
    public Transition force(boolean nowUp) {
        boolean was = up;
        up = nowUp;
        health = nowUp ? top() : 0;
        return was == nowUp ? Transition.NONE : nowUp ? Transition.WENT_UP : Transition.WENT_DOWN;
    }

    /** Counts one result. */
    public Transition record(boolean passedCheck) {
        return passedCheck ? passed() : failed();
    }

    /**
     * The delay before the next check: {@code inter} when fully UP, {@code downinter} when fully DOWN, and
     * {@code fastinter} in every transitional state (including HAProxy's default start, which is UP with
     * {@code health = rise}), as HAProxy's {@code srv_getinter()} decides.
     */
    public long nextInterval(long inter, long fastinter, long downinter) {
        if (health == top()) {
            return inter;
        }
        if (!up && health == 0) {
            return downinter > 0 ? downinter : inter;
        }
        return fastinter > 0 ? fastinter : inter;
    }

    public boolean isUp() {
        return up;
    }

    public int health() {
        return health;
    }

    public int rise() {
        return rise;
    }

    public int fall() {
        return fall;
    }

    public Phase phase() {
        if (up) {
            return health == top() ? Phase.UP : Phase.GOING_DOWN;
        }
        return health == 0 ? Phase.DOWN : Phase.GOING_UP;
    }

    /**
     * The stats page's status text: "UP", "UP 2/3" (going down: the numerator counts down from {@code fall}
     * as checks fail), "DOWN", "DOWN 1/2" (going up: checks passed so far, out of {@code rise}).
     */
    public String statusText() {
        return switch (phase()) {
            case UP -> "UP";
            case GOING_DOWN -> "UP " + (health - rise + 1) + "/" + fall;
            case DOWN -> "DOWN";
            case GOING_UP -> "DOWN " + health + "/" + rise;
        };
    }

    private int top() {
        return rise + fall - 1;
    }

    @Override
    public String toString() {
        return statusText() + " (health " + health + "/" + top() + ")";
    }
}
