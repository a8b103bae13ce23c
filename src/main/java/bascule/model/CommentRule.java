package bascule.model;

/**
 * {@code tcp-check comment <text>} / {@code http-check comment <text>}: does nothing itself; HAProxy hands
 * its text to the steps right after it that have no comment of their own, so their failures name it.
 * It still counts as a step for the "at step N" of failure messages.
 */
public record CommentRule(String comment, Position position) implements CheckRule {
}
