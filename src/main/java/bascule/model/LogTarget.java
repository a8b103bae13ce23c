package bascule.model;

/**
 * One {@code log} line of {@code global}: where syslog lines go ({@code UDP} host:port, a {@code UNIX}
 * datagram socket path such as {@code /dev/log}, or {@code STDOUT}/{@code STDERR}), the syslog
 * facility (0-23), the most verbose level sent ({@code maxLevel}, 0 emerg … 7 debug) and the least
 * verbose one ({@code minLevel}; messages above it are raised to it), the line length limit and format.
 */
public record LogTarget(Kind kind, String host, int port, String path, int maxLength, Format format, int facility,
                        int maxLevel, int minLevel, Position position) {
    public enum Kind { UDP, UNIX, STDOUT, STDERR }

    public enum Format { RFC3164, RFC5424, SHORT, RAW }
}
