package bascule.model;

/**
 * What a stats socket session may do, lowest first, as HAProxy's {@code level}: {@code user} reads
 * non-sensitive state, {@code operator} also sees addresses, sessions and errors, {@code admin} changes things.
 */
public enum CliLevel {
    USER("user"), OPERATOR("operator"), ADMIN("admin");

    private final String word;

    CliLevel(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public boolean atLeast(CliLevel other) {
        return compareTo(other) >= 0;
    }
}
