package bascule.model;

/** Where a configuration line came from, for error messages: {@code haproxy.cfg:14}. */
public record Position(String file, int line) {
    public static final Position NONE = new Position("<none>", 0);

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
