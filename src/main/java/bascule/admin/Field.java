package bascule.admin;

/**
 * One value of {@code show stat} or {@code show info}, with HAProxy's type ({@code u32}, {@code u64},
 * {@code s32}, {@code str}) and its three-letter tags: origin (Metric, Status, Key, Config, Product), nature
 * (Gauge, Limit, Min, Max, Rate, Counter, Duration, Age, Time, Name, Output, avg) and scope (Process, Service,
 * system, Cluster), as the typed and JSON outputs print them.
 */
public record Field(String tags, String type, String value) {

    static Field u32(String tags, long v) {
        return new Field(tags, "u32", Long.toString(v & 0xffffffffL));
    }

    static Field u64(String tags, long v) {
        return new Field(tags, "u64", Long.toString(Math.max(0, v)));
    }

    static Field s32(String tags, long v) {
        return new Field(tags, "s32", Long.toString((int) v));
    }

    static Field str(String tags, String v) {
        return new Field(tags, "str", v == null ? "" : v);
    }

    boolean isString() {
        return type.equals("str");
    }

    /** The JSON object of the tags: {@code {"origin":"Metric","nature":"Gauge","scope":"Process"}}. */
    String jsonTags() {
        return "{\"origin\":\"" + origin(tags.charAt(0)) + "\",\"nature\":\"" + nature(tags.charAt(1))
                + "\",\"scope\":\"" + scope(tags.charAt(2)) + "\"}";
    }

    /** The JSON object of the value: {@code {"type":"u32","value":5}}, strings quoted and escaped. */
    String jsonValue() {
        return "{\"type\":\"" + type + "\",\"value\":" + (isString() ? Json.quote(value) : value) + "}";
    }

    private static String origin(char c) {
        return switch (c) {
            case 'M' -> "Metric";
            case 'S' -> "Status";
            case 'K' -> "Key";
            case 'C' -> "Config";
            case 'P' -> "Product";
            default -> "Unknown";
        };
    }

    private static String nature(char c) {
        return switch (c) {
            case 'G' -> "Gauge";
            case 'L' -> "Limit";
            case 'm' -> "Min";
            case 'M' -> "Max";
            case 'R' -> "Rate";
            case 'C' -> "Counter";
            case 'D' -> "Duration";
            case 'A' -> "Age";
            case 'T' -> "Time";
            case 'N' -> "Name";
            case 'O' -> "Output";
            case 'a' -> "Avg";
            default -> "Unknown";
        };
    }

    private static String scope(char c) {
        return switch (c) {
            case 'P' -> "Process";
            case 'S' -> "Service";
            case 's' -> "System";
            case 'C' -> "Cluster";
            default -> "Unknown";
        };
    }
}
