package bascule.config;

import bascule.model.Position;

/** A configuration error at a known place. Its message starts with {@code file:line: }. */
public final class ConfigException extends Exception {
    private final Position position;
    private final String detail;

    public ConfigException(Position position, String detail) {
        super(position + ": " + detail);
        this.position = position;
        this.detail = detail;
    }

    public Position position() {
        return position;
    }

    public String detail() {
        return detail;
    }
}
