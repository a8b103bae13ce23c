package bascule.model;

import bascule.sample.Condition;
import bascule.sample.Format;

/**
 * {@code use_backend <name> [if|unless cond]}. The name is {@code backend} when fixed, or {@code dynamic}
 * (a log-format such as {@code be_%[req.hdr(host),lower]}) resolved per request; {@code condition} is
 * {@link Condition#ALWAYS} without one.
 */
public record UseBackendRule(String backend, Format dynamic, Condition condition, Position position) {
    public UseBackendRule(String backend, Position position) {
        this(backend, null, Condition.ALWAYS, position);
    }
}
