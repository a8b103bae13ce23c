package bascule.config;

import bascule.model.Address;
import bascule.model.LogTarget;
import java.util.List;

/**
 * {@code log <target> [len <n>] [format <fmt>] <facility> [<max level> [<min level>]]} in {@code global}.
 * Targets: {@code ip[:port]} (UDP, port 514 by default), {@code udp@}/{@code udp4@}/{@code udp6@},
 * {@code /path} or {@code unix@/path} (UNIX datagram, e.g. {@code /dev/log}), {@code stdout}, {@code stderr}.
 */
final class LogBinder {
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2",
            "local3", "local4", "local5", "local6", "local7");
    static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info",
            "debug");

    private LogBinder() {
    }

    static LogTarget target(ConfigLine line) throws ConfigException {
        String t = Words.required(line, 1, "a target (address, /dev/log, stdout or stderr) and a facility");
        if (t.equals("global")) {
            throw new ConfigException(line.position(), "'log global' only makes sense in a proxy section");
        }
        LogTarget.Kind kind;
        String host = null;
        String path = null;
        int port = 0;
        if (t.equals("stdout") || t.equals("stderr")) {
            kind = t.equals("stdout") ? LogTarget.Kind.STDOUT : LogTarget.Kind.STDERR;
        } else if (t.startsWith("/") || t.startsWith("unix@")) {
            kind = LogTarget.Kind.UNIX;
            path = t.startsWith("unix@") ? t.substring(5) : t;
        } else if (t.startsWith("ring@") || t.startsWith("fd@") || t.startsWith("tcp@") || t.startsWith("tcp4@")
                || t.startsWith("tcp6@")) {
            throw new ConfigException(line.position(), "log target '" + t + "' is not supported yet; use a UDP "
                    + "address, a UNIX datagram socket path, stdout or stderr");
        } else {
            String a = t.replaceFirst("^udp[46]?@", "");
            Address parsed = AddressParser.parse(a, line.position(), false);
            kind = LogTarget.Kind.UDP;
            host = parsed.host();
            port = parsed.port() == 0 ? 514 : parsed.port();
        }
        int i = 2;
        int len = 1024;
        LogTarget.Format format = LogTarget.Format.RFC3164;
        while (i < line.size()) {
            String w = line.word(i);
            if (w.equals("len")) {
                len = Words.integer(line, i + 1, "len", 80, 65535);
                i += 2;
            } else if (w.equals("format")) {
                String f = Words.required(line, i + 1, "a format after 'format'");
                format = switch (f) {
                    case "rfc3164" -> LogTarget.Format.RFC3164;
                    case "rfc5424" -> LogTarget.Format.RFC5424;
                    case "short" -> LogTarget.Format.SHORT;
                    case "raw" -> LogTarget.Format.RAW;
                    default -> throw new ConfigException(line.position(), "log format '" + f + "' is not supported"
                            + " yet; use rfc3164, rfc5424, short or raw");
                };
                i += 2;
            } else if (w.equals("sample")) {
                throw new ConfigException(line.position(), "'log ... sample' is not supported yet");
            } else {
                break;
            }
        }
        String fac = Words.required(line, i, "a facility (e.g. local0)");
        int facility = FACILITIES.indexOf(fac);
        if (facility < 0) {
            throw new ConfigException(line.position(), "unknown log facility '" + fac + "'"
                    + Words.didYouMean(fac, FACILITIES) + "; expected one of " + String.join(", ", FACILITIES));
        }
        int max = 7;
        int min = 0;
        if (line.size() > i + 1) {
            max = level(line, i + 1);
        }
        if (line.size() > i + 2) {
            min = level(line, i + 2);
        }
        Words.noMoreThan(line, i + 3);
        return new LogTarget(kind, host, port, path, len, format, facility, max, min, line.position());
    }

    private static int level(ConfigLine line, int i) throws ConfigException {
        String l = line.word(i);
        int v = LEVELS.indexOf(l);
        if (v < 0) {
            throw new ConfigException(line.position(), "unknown log level '" + l + "'" + Words.didYouMean(l, LEVELS)
                    + "; expected one of " + String.join(", ", LEVELS));
        }
        return v;
    }
}
