package bascule.model;

/**
 * One step of a health-check script, in the order written: {@link ConnectRule}, {@link SendRule},
 * {@link ExpectRule} and {@link CommentRule} for {@code tcp-check}; {@link ConnectRule}, {@link HttpSendRule},
 * {@link HttpExpectRule} and {@link CommentRule} for {@code http-check}.
 */
public sealed interface CheckRule permits ConnectRule, SendRule, ExpectRule, HttpSendRule, HttpExpectRule,
        CommentRule {
    /** The configuration line this step came from, for error messages. */
    Position position();

    /** The text of a {@code comment} option on the step (reported when the step fails), or null. */
    String comment();
}
