package bascule.model;

/**
 * One {@code stats socket} line of {@code global}: where the runtime API listens (a UNIX path, an
 * {@code ipv4@}/{@code ipv6@} address or an inherited {@code fd@N}), the permission bits given to a UNIX socket
 * file ({@code mode}, -1 when not set: the umask decides), the session {@code level} (HAProxy's default is
 * {@code operator}), and whether {@code expose-fd listeners} was written.
 */
public record StatsSocketSpec(Address address, int mode, CliLevel level, boolean exposeFdListeners,
                              Position position) {
}
