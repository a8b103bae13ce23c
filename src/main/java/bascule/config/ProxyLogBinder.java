package bascule.config;

import bascule.logformat.LogFormat;
import bascule.logformat.LogFormatCompiler;
import bascule.model.LogSpec;
import bascule.model.LogTarget;
import bascule.model.Mode;
import bascule.model.Position;
import bascule.model.ProxyKind;
import bascule.sample.SampleException;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy's logging lines: {@code log} ({@code log global}, a target, {@code no log}), {@code log-format},
 * {@code log-format-sd}, {@code error-log-format}, {@code log-tag}, {@code capture request|response header},
 * {@code capture cookie}, {@code declare capture}, and the options {@code tcplog}, {@code httplog [clf]},
 * {@code httpslog}, {@code dontlognull}, {@code dontlog-normal} and {@code log-separate-errors}. As in HAProxy a
 * proxy starts with its defaults' log lines and adds its own, and the last format line wins. Formats are
 * compiled when the proxy is built, so an error points at the line that set the format.
 */
final class ProxyLogBinder {
    static final List<String> KEYWORDS = List.of("log", "log-format", "log-format-sd", "error-log-format", "log-tag",
            "capture", "declare");
    static final List<String> OPTIONS = List.of("tcplog", "httplog", "httpslog", "dontlognull", "dontlog-normal",
            "log-separate-errors");

    /** The logging state of one section while it is bound; copied into the sections that inherit it. */
    static final class State {
        /** Log lines; a null entry is {@code log global}. */
        final List<LogTarget> targets = new ArrayList<>();
        String format;
        Position formatPosition;
        /** The format came from {@code option httplog} (HAProxy falls back to tcplog in a TCP proxy). */
        boolean formatIsHttpOption;
        String sd;
        Position sdPosition;
        String errorFormat;
        Position errorPosition;
        String tag;
        boolean dontLogNull;
        boolean dontLogNormal;
        boolean separateErrors;
        boolean logAsap;
        /** Request capture slots: header name, or null for a slot that rules fill. Not inherited. */
        final List<LogSpec.CaptureSlot> requestCaptures = new ArrayList<>();
        final List<LogSpec.CaptureSlot> responseCaptures = new ArrayList<>();
        LogSpec.CookieCapture cookie;
        /** Lines that mean nothing in a backend, reported as warnings at build (HAProxy warns too). */
        final List<String> ignored = new ArrayList<>();

        State copy() {
            State c = new State();
            c.targets.addAll(targets);
            c.format = format;
            c.formatPosition = formatPosition;
            c.formatIsHttpOption = formatIsHttpOption;
            c.sd = sd;
            c.sdPosition = sdPosition;
            c.errorFormat = errorFormat;
            c.errorPosition = errorPosition;
            c.tag = tag;
            c.dontLogNull = dontLogNull;
            c.dontLogNormal = dontLogNormal;
            c.separateErrors = separateErrors;
            c.logAsap = logAsap;
            return c;
        }
    }

    private ProxyLogBinder() {
    }

    /** Binds a logging keyword line; returns false when the keyword is not one of them. */
    static boolean keyword(ConfigLine line, ProxyBuilder p, boolean isDefaults) throws ConfigException {
        State s = p.log;
        switch (line.keyword()) {
            case "log" -> {
                String w = Words.required(line, 1, "'global', a target (address, /dev/log, stdout) or 'no log'");
                if (w.equals("global")) {
                    Words.noMoreThan(line, 2);
                    s.targets.add(null);
                } else {
                    s.targets.add(LogBinder.target(line));
                }
            }
            case "log-format", "log-format-sd", "error-log-format" -> {
                if (ignoredInBackend(line, p)) {
                    return true;
                }
                String text = Words.required(line, 1, "a format string, e.g. \"%ci:%cp [%tr] %ft %b/%s %ST\"");
                Words.noMoreThan(line, 2);
                switch (line.keyword()) {
                    case "log-format" -> {
                        s.format = text;
                        s.formatPosition = line.position();
                        s.formatIsHttpOption = false;
                    }
                    case "log-format-sd" -> {
                        s.sd = text;
                        s.sdPosition = line.position();
                    }
                    default -> {
                        s.errorFormat = text;
                        s.errorPosition = line.position();
                    }
                }
            }
            case "log-tag" -> {
                s.tag = Words.required(line, 1, "a tag (the program name syslog shows)");
                Words.noMoreThan(line, 2);
            }
            case "capture", "declare" -> {
                if (ignoredInBackend(line, p)) {
                    return true;
                }
                if (line.keyword().equals("capture")) {
                    capture(line, p, isDefaults);
                } else {
                    declare(line, p, isDefaults);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code no log}: forget the log lines inherited so far. */
    static void noLog(ConfigLine line, ProxyBuilder p) throws ConfigException {
        Words.noMoreThan(line, 2);
        p.log.targets.clear();
    }

    /** Binds {@code [no] option <o>} if it is a logging option; returns false when it is not one. */
    static boolean option(ConfigLine line, int at, String o, ProxyBuilder p, boolean isDefaults, boolean on)
            throws ConfigException {
        State s = p.log;
        if (OPTIONS.contains(o) && ignoredInBackend(line, p)) {
            return true;
        }
        switch (o) {
            case "tcplog", "httpslog" -> {
                Words.noMoreThan(line, at + 1);
                setOptionFormat(line, s, on, o.equals("tcplog") ? LogFormatCompiler.TCP : LogFormatCompiler.HTTPS,
                        false);
            }
            case "httplog" -> {
                String variant = at + 1 < line.size() ? line.word(at + 1) : null;
                Words.noMoreThan(line, at + 2);
                String format;
                if (variant == null) {
                    format = LogFormatCompiler.HTTP;
                } else if (variant.equals("clf")) {
                    format = LogFormatCompiler.HTTP_CLF;
                } else if (variant.equals("json")) {
                    format = LogFormatCompiler.HTTP_JSON;
                } else {
                    throw new ConfigException(line.position(), "'option httplog' takes 'clf' (HAProxy's) or 'json' "
                            + "(Bascule's) but got '" + variant + "'");
                }
                setOptionFormat(line, s, on, format, true);
            }
            case "dontlognull" -> {
                Words.noMoreThan(line, at + 1);
                s.dontLogNull = on;
            }
            case "dontlog-normal" -> {
                Words.noMoreThan(line, at + 1);
                s.dontLogNormal = on;
            }
            case "log-separate-errors" -> {
                Words.noMoreThan(line, at + 1);
                s.separateErrors = on;
            }
            case "logasap" -> {
                Words.noMoreThan(line, at + 1);
                s.logAsap = on;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** True (after noting a warning) for a frontend-side logging line in a backend, which HAProxy ignores. */
    private static boolean ignoredInBackend(ConfigLine line, ProxyBuilder p) {
        if (p.kind != ProxyKind.BACKEND) {
            return false;
        }
        p.log.ignored.add(line.position() + ": '" + String.join(" ", line.words().subList(0,
                Math.min(2, line.size()))) + "' is ignored in backend '" + p.name + "': traffic is logged by the "
                + "frontend that received it");
        return true;
    }

    private static void setOptionFormat(ConfigLine line, State s, boolean on, String format, boolean http) {
        if (on) {
            s.format = format;
            s.formatPosition = line.position();
            s.formatIsHttpOption = http;
        } else if (format.equals(s.format)) {
            s.format = null;
            s.formatPosition = null;
        }
    }

    private static void capture(ConfigLine line, ProxyBuilder p, boolean isDefaults) throws ConfigException {
        if (isDefaults) {
            throw new ConfigException(line.position(), "'capture' belongs in a frontend or listen section "
                    + "(captures are the frontend's), not in defaults");
        }
        String what = Words.required(line, 1, "'request header', 'response header' or 'cookie'");
        if (what.equals("cookie")) {
            String name = Words.required(line, 2, "a cookie name");
            expect(line, 3, "len");
            int len = Words.integer(line, 4, "capture cookie len", 1, 65536);
            Words.noMoreThan(line, 5);
            p.log.cookie = new LogSpec.CookieCapture(name, len);
            return;
        }
        if (!what.equals("request") && !what.equals("response")) {
            throw new ConfigException(line.position(), "'capture' expects 'request header', 'response header' or "
                    + "'cookie' but got '" + what + "'" + Words.didYouMean(what, List.of("request", "response",
                    "cookie")));
        }
        expect(line, 2, "header");
        String header = Words.required(line, 3, "a header name");
        expect(line, 4, "len");
        int len = Words.integer(line, 5, "capture " + what + " header len", 1, 65536);
        Words.noMoreThan(line, 6);
        (what.equals("request") ? p.log.requestCaptures : p.log.responseCaptures)
                .add(new LogSpec.CaptureSlot(header, len));
    }

    private static void declare(ConfigLine line, ProxyBuilder p, boolean isDefaults) throws ConfigException {
        expect(line, 1, "capture");
        String what = Words.required(line, 2, "'request' or 'response'");
        if (!what.equals("request") && !what.equals("response")) {
            throw new ConfigException(line.position(), "'declare capture' expects 'request' or 'response' but got '"
                    + what + "'");
        }
        if (isDefaults) {
            throw new ConfigException(line.position(), "'declare capture' belongs in a frontend or listen section, "
                    + "not in defaults");
        }
        expect(line, 3, "len");
        int len = Words.integer(line, 4, "declare capture len", 1, 65536);
        Words.noMoreThan(line, 5);
        (what.equals("request") ? p.log.requestCaptures : p.log.responseCaptures)
                .add(new LogSpec.CaptureSlot(null, len));
    }

    private static void expect(ConfigLine line, int at, String word) throws ConfigException {
        String w = line.word(at);
        if (!word.equals(w)) {
            throw new ConfigException(line.position(), "'" + line.keyword() + "' expects '" + word + "' at word "
                    + (at + 1) + (w == null ? " but the line ends" : " but got '" + w + "'"));
        }
    }

    /**
     * The proxy's {@link LogSpec}: {@code log global} lines become the global targets, and the formats are
     * compiled. An {@code option httplog} in a TCP proxy becomes {@code tcplog}, as HAProxy does.
     */
    static LogSpec build(ProxyBuilder p, List<LogTarget> globalTargets, List<String> warnings)
            throws ConfigException {
        State s = p.log;
        warnings.addAll(s.ignored);
        List<LogTarget> targets = new ArrayList<>();
        for (LogTarget t : s.targets) {
            if (t == null) {
                targets.addAll(globalTargets);
            } else {
                targets.add(t);
            }
        }
        String formatText = s.format;
        if (formatText != null && p.mode == Mode.TCP && p.kind.isFrontend()
                && (s.formatIsHttpOption || formatText.equals(LogFormatCompiler.HTTPS))) {
            warnings.add(s.formatPosition + ": 'option httplog' is meaningless in a TCP-mode " + p.kind.keyword()
                    + " ('" + p.name + "'); using 'option tcplog' instead, as HAProxy does");
            formatText = formatText.equals(LogFormatCompiler.HTTP_JSON) ? LogFormatCompiler.TCP_JSON
                    : LogFormatCompiler.TCP;
        }
        LogFormat format = compile(p, formatText, s.formatPosition);
        LogFormat sd = compile(p, s.sd, s.sdPosition);
        LogFormat error = compile(p, s.errorFormat, s.errorPosition);
        if (p.kind == ProxyKind.BACKEND) {
            // A backend's lines go through the frontend that took the stream; only its captures are nothing.
            return new LogSpec(targets, s.tag, format, sd, error, s.dontLogNull, s.dontLogNormal, s.separateErrors,
                    List.of(), List.of(), null, false);
        }
        return new LogSpec(targets, s.tag, format, sd, error, s.dontLogNull, s.dontLogNormal, s.separateErrors,
                s.requestCaptures, s.responseCaptures, s.cookie, s.logAsap);
    }

    private static LogFormat compile(ProxyBuilder p, String text, Position at) throws ConfigException {
        if (text == null) {
            return null;
        }
        try {
            return LogFormatCompiler.compile(text, p.compiler);
        } catch (SampleException e) {
            throw new ConfigException(at, e.getMessage());
        }
    }
}
