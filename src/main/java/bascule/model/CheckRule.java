package bascule.model;

/**
 * One step of a health-check script ({@code tcp-check connect|send|send-binary|expect|comment},
 * {@code http-check send|expect|comment}). The concrete steps are records implementing this interface.
 */
public interface CheckRule {
    /** The configuration line this step came from, for the check's failure messages. */
    Position position();
}
