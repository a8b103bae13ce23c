package bascule.model;

import bascule.sample.Condition;

/** {@code use-server <server> [if|unless cond]} of a backend. */
public record UseServerRule(String server, Condition condition, Position position) {
}
