package bascule.sample;

/** A fetch, converter, ACL or condition that cannot be compiled; the message says what and why. */
public final class SampleException extends Exception {
    public SampleException(String message) {
        super(message);
    }
}
