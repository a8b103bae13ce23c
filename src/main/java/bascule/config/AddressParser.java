package bascule.config;

import bascule.model.Address;
import bascule.model.Address.Family;
import bascule.model.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads HAProxy address syntax: {@code *:80}, {@code :80}, {@code 10.0.0.1:80}, {@code [::1]:80},
 * {@code ::1:80} (last colon is the port), port ranges {@code 8000-8010}, the prefixes {@code ipv4@},
 * {@code ipv6@}, {@code unix@}, {@code fd@N}, absolute paths as UNIX sockets, and comma-separated lists.
 */
final class AddressParser {
    private AddressParser() {
    }

    /** Parses a bind address list; every address must have a port (or be unix/fd). */
    static List<Address> bindList(String text, Position pos) throws ConfigException {
        List<Address> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (part.isEmpty()) {
                throw new ConfigException(pos, "empty address in list '" + text + "'");
            }
            Address a = parse(part, pos, true);
            out.add(a);
        }
        return out;
    }

    /**
     * Parses one address. With {@code requirePort}, an INET address without port is an error; otherwise
     * a missing port gives port 0 ("same port as the client connected to", as HAProxy does for servers).
     */
    static Address parse(String text, Position pos, boolean requirePort) throws ConfigException {
        String s = text;
        Family family = Family.INET;
        int at = s.indexOf('@');
        if (at > 0) {
            String prefix = s.substring(0, at);
            s = s.substring(at + 1);
            switch (prefix) {
                case "ipv4" -> family = Family.INET4;
                case "ipv6" -> family = Family.INET6;
                case "unix" -> {
                    return unix(s, text, pos);
                }
                case "fd" -> {
                    try {
                        int fd = Integer.parseInt(s);
                        if (fd < 0) {
                            throw new NumberFormatException();
                        }
                        return new Address(Family.FD, null, 0, 0, null, fd, text);
                    } catch (NumberFormatException e) {
                        throw new ConfigException(pos, "'fd@' expects a file descriptor number but got '" + s + "'");
                    }
                }
                case "abns", "abnsz", "sockpair", "udp", "udp4", "udp6", "quic4", "quic6", "uxst", "uxdg",
                     "tcp", "tcp4", "tcp6", "stream", "dgram", "rhttp", "mptcp", "mptcp4", "mptcp6" -> {
                    if (prefix.equals("tcp") || prefix.equals("stream")) {
                        family = Family.INET;
                    } else if (prefix.equals("tcp4")) {
                        family = Family.INET4;
                    } else if (prefix.equals("tcp6")) {
                        family = Family.INET6;
                    } else {
                        throw new ConfigException(pos, "address prefix '" + prefix + "@' in '" + text
                                + "' is not supported by Bascule yet; use ipv4@, ipv6@, unix@ or fd@");
                    }
                }
                default -> throw new ConfigException(pos, "unknown address prefix '" + prefix + "@' in '" + text
                        + "' (expected ipv4@, ipv6@, unix@ or fd@)");
            }
        } else if (s.startsWith("/")) {
            return unix(s, text, pos);
        }

        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new ConfigException(pos, "missing ']' in IPv6 address '" + text + "'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                portText = null;
            } else if (rest.startsWith(":")) {
                portText = rest.substring(1);
            } else {
                throw new ConfigException(pos, "unexpected '" + rest + "' after ']' in '" + text + "'");
            }
            if (family == Family.INET) {
                family = Family.INET6;
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                host = s;
                portText = null;
            } else {
                host = s.substring(0, colon);
                portText = s.substring(colon + 1);
                if (host.indexOf(':') >= 0 && family == Family.INET) {
                    family = Family.INET6;
                }
            }
        }
        if (host.isEmpty() || host.equals("*")) {
            host = "*";
        }
        int low;
        int high;
        if (portText == null || portText.isEmpty()) {
            if (requirePort) {
                throw new ConfigException(pos, "missing port in address '" + text + "' (write host:port, e.g. *:80)");
            }
            low = high = 0;
        } else {
            int dash = portText.indexOf('-');
            if (dash > 0) {
                low = port(portText.substring(0, dash), text, pos);
                high = port(portText.substring(dash + 1), text, pos);
                if (high < low) {
                    throw new ConfigException(pos, "port range '" + portText + "' in '" + text + "' is reversed");
                }
                if (high - low > 1024) {
                    throw new ConfigException(pos, "port range '" + portText + "' in '" + text
                            + "' is larger than 1024 ports");
                }
            } else {
                if (portText.startsWith("+") || portText.startsWith("-")) {
                    throw new ConfigException(pos, "relative server port '" + portText + "' in '" + text
                            + "' is not supported by Bascule yet; give an absolute port");
                }
                // Port 0 on a bind line asks the kernel for a free port (an extension, handy for tests).
                low = high = requirePort && portText.equals("0") ? 0 : port(portText, text, pos);
            }
        }
        return new Address(family, host, low, high, null, -1, text);
    }

    private static Address unix(String path, String text, Position pos) throws ConfigException {
        if (path.isEmpty()) {
            throw new ConfigException(pos, "empty UNIX socket path in '" + text + "'");
        }
        return new Address(Family.UNIX, null, 0, 0, path, -1, text);
    }

    private static int port(String p, String text, Position pos) throws ConfigException {
        try {
            int v = Integer.parseInt(p);
            if (v < 1 || v > 65535) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(pos, "invalid port '" + p + "' in address '" + text
                    + "' (expected 1 to 65535)");
        }
    }
}
