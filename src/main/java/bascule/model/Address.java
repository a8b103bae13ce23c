package bascule.model;

/**
 * One listening or connecting address as written in the configuration, already split into parts.
 * For {@link Family#INET}, {@code host} is null or "*" for any address ({@code *:80}, {@code :80}),
 * and {@code portLow..portHigh} is a range (equal for a single port).
 */
public record Address(Family family, String host, int portLow, int portHigh, String path, int fd, String text) {

    public enum Family { INET, INET4, INET6, UNIX, FD }

    public static Address inet(Family family, String host, int port, String text) {
        return new Address(family, host, port, port, null, -1, text);
    }

    public boolean anyHost() {
        return host == null || host.isEmpty() || host.equals("*") || host.equals("0.0.0.0") || host.equals("::");
    }

    public int port() {
        return portLow;
    }

    @Override
    public String toString() {
        return text;
    }
}
