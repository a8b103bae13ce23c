package bascule.model;

import bascule.sample.Condition;

/**
 * One {@code http-request}, {@code http-response} or {@code http-after-response} line (or a {@code redirect}
 * line): what to do, and when. {@code condition} is {@link Condition#ALWAYS} when the line has none.
 */
public record HttpRule(HttpAction action, Condition condition, Position position) {
}
