package bascule.config;

import bascule.model.Address;
import bascule.model.CheckRule;
import bascule.model.CommentRule;
import bascule.model.ConnectRule;
import bascule.model.HttpSendRule;
import bascule.model.SendRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code tcp-check ...} or {@code http-check ...} line into one script step. Options HAProxy has but
 * Bascule does not implement yet (log-format strings, variables, TLS on check connections, header
 * matching, ...) are refused by name, never skipped.
 */
final class CheckRuleBinder {
    static final List<String> TCP_ACTIONS = List.of("comment", "connect", "send", "send-binary", "expect");
    static final List<String> HTTP_ACTIONS = List.of("comment", "connect", "send", "expect", "disable-on-404");
    private static final List<String> CONNECT_OPTIONS = List.of("default", "addr", "port", "send-proxy", "linger",
            "comment");
    private static final List<String> SEND_OPTIONS = List.of("meth", "uri", "ver", "hdr", "body", "comment");

    private CheckRuleBinder() {
    }

    /** A {@code tcp-check <action> ...} line. */
    static CheckRule tcp(ConfigLine line) throws ConfigException {
        String action = Words.required(line, 1, "an action: " + String.join(", ", TCP_ACTIONS));
        return switch (action) {
            case "comment" -> comment(line);
            case "connect" -> connect(line);
            case "send" -> send(line, false);
            case "send-binary" -> send(line, true);
            case "expect" -> CheckExpectBinder.expect(line, false);
            case "send-lf", "send-binary-lf" -> throw notYet(line, "tcp-check " + action,
                    "log-format strings in checks are not implemented; write the bytes with 'send' or 'send-binary'");
            default -> throw unknownAction(line, action, TCP_ACTIONS);
        };
    }

    /** An {@code http-check <action> ...} line (not {@code disable-on-404} / {@code send-state}). */
    static CheckRule http(ConfigLine line) throws ConfigException {
        String action = Words.required(line, 1, "an action: " + String.join(", ", HTTP_ACTIONS));
        return switch (action) {
            case "comment" -> comment(line);
            case "connect" -> connect(line);
            case "send" -> httpSend(line);
            case "expect" -> CheckExpectBinder.expect(line, true);
            case "send-state" -> throw notYet(line, "http-check send-state",
                    "checks do not send an X-Haproxy-Server-State header");
            default -> throw unknownAction(line, action, HTTP_ACTIONS);
        };
    }

    private static ConfigException unknownAction(ConfigLine line, String action, List<String> actions) {
        if (action.startsWith("set-var") || action.startsWith("unset-var")) {
            return notYet(line, line.keyword() + " " + action, "check variables are not implemented");
        }
        return new ConfigException(line.position(), "'" + line.keyword() + "' only supports "
                + quoted(actions) + " but got '" + action + "'" + Words.didYouMean(action, actions));
    }

    private static CommentRule comment(ConfigLine line) throws ConfigException {
        String text = Words.required(line, 2, "a text after 'comment'");
        Words.noMoreThan(line, 3);
        return new CommentRule(text, line.position());
    }

    private static ConnectRule connect(ConfigLine line) throws ConfigException {
        String what = line.keyword() + " connect";
        int port = 0;
        String addr = null;
        boolean sendProxy = false;
        boolean linger = false;
        boolean useServerSettings = false;
        String comment = null;
        for (int i = 2; i < line.size(); i++) {
            String w = line.word(i);
            switch (w) {
                case "default" -> useServerSettings = true;
                case "send-proxy" -> sendProxy = true;
                case "linger" -> linger = true;
                case "comment" -> comment = argument(line, ++i, what, w);
                case "port" -> {
                    String p = argument(line, ++i, what, w);
                    if (!p.chars().allMatch(Character::isDigit)) {
                        throw notYet(line, what + " port " + p, "only a port number is supported, not a sample "
                                + "expression");
                    }
                    port = Words.integer(line, i, what + " port", 1, 65535);
                }
                case "addr" -> {
                    String a = argument(line, ++i, what, w);
                    Address parsed = AddressParser.parse(a, line.position(), false);
                    if (parsed.family() == Address.Family.UNIX || parsed.family() == Address.Family.FD
                            || parsed.anyHost() || parsed.portLow() != parsed.portHigh()) {
                        throw new ConfigException(line.position(), "'" + what + " addr' expects an IPv4 or IPv6 "
                                + "address with an optional port but got '" + a + "'");
                    }
                    addr = parsed.host();
                    if (port == 0 && parsed.port() > 0) {
                        port = parsed.port();
                    }
                }
                case "ssl", "sni", "alpn" -> throw notYet(line, what + " " + w,
                        "TLS on check connections arrives with TLS termination");
                case "proto" -> throw notYet(line, what + " proto", "checks speak HTTP/1.1 or raw TCP only");
                case "via-socks4" -> throw notYet(line, what + " via-socks4", "SOCKS4 servers are not supported");
                default -> throw new ConfigException(line.position(), "'" + what + "' expects "
                        + quoted(CONNECT_OPTIONS) + " but got '" + w + "'" + Words.didYouMean(w, CONNECT_OPTIONS));
            }
        }
        return new ConnectRule(port, addr, sendProxy, linger, useServerSettings, false, comment, line.position());
    }

    private static SendRule send(ConfigLine line, boolean binary) throws ConfigException {
        String what = "tcp-check " + line.word(1);
        String data = line.word(2);
        if (data == null || data.isEmpty()) {
            throw new ConfigException(line.position(), "'" + what + "' expects " + (binary ? "a hexadecimal string, "
                    + "e.g. 50494e470d0a" : "a string, e.g. \"PING\\r\\n\""));
        }
        String comment = null;
        for (int i = 3; i < line.size(); i++) {
            String w = line.word(i);
            if (!w.equals("comment")) {
                throw new ConfigException(line.position(), "'" + what + "' expects only 'comment <text>' after the "
                        + "data but got '" + w + "'");
            }
            comment = argument(line, ++i, what, w);
        }
        byte[] bytes = binary ? hex(line, data, what) : data.getBytes(StandardCharsets.ISO_8859_1);
        return new SendRule(bytes, binary, comment, line.position());
    }

    private static HttpSendRule httpSend(ConfigLine line) throws ConfigException {
        String what = "http-check send";
        String method = null;
        String uri = null;
        String version = null;
        String body = null;
        String comment = null;
        List<HttpSendRule.Header> headers = new ArrayList<>();
        for (int i = 2; i < line.size(); i++) {
            String w = line.word(i);
            switch (w) {
                case "meth" -> method = token(line, argument(line, ++i, what, w), what + " meth");
                case "uri" -> uri = token(line, argument(line, ++i, what, w), what + " uri");
                case "ver" -> version = token(line, argument(line, ++i, what, w), what + " ver");
                case "body" -> body = argument(line, ++i, what, w);
                case "comment" -> comment = argument(line, ++i, what, w);
                case "hdr" -> {
                    String name = line.word(i + 1);
                    String value = line.word(i + 2);
                    if (name == null || name.isEmpty() || value == null || value.isEmpty()) {
                        throw new ConfigException(line.position(), "'" + what + "': 'hdr' expects <name> and "
                                + "<value> as arguments");
                    }
                    i += 2;
                    headers.add(header(line, name, value, headers, what));
                }
                case "uri-lf", "body-lf" -> throw notYet(line, what + " " + w,
                        "log-format strings in checks are not implemented; use '" + w.substring(0, w.length() - 3)
                                + "' with a fixed value");
                default -> throw new ConfigException(line.position(), "'" + what + "' expects " + quoted(SEND_OPTIONS)
                        + " but got '" + w + "'" + Words.didYouMean(w, SEND_OPTIONS));
            }
        }
        return new HttpSendRule(method, uri, version, headers, body, false, comment, line.position());
    }

    /**
     * The request of {@code option httpchk [<method>] [<uri>] [<version>]} from word {@code from} on. One word
     * is the URI; two are method and URI. HAProxy's legacy trick is supported: a version word with "\r\n" in
     * it carries header lines after the first "\r\n", and a body after "\r\n\r\n".
     */
    static HttpSendRule optionRequest(ConfigLine line, int from) throws ConfigException {
        String what = "option httpchk";
        String first = line.word(from);
        String second = line.word(from + 1);
        String third = line.word(from + 2);
        String method = null;
        String uri = null;
        if (first != null && !first.isEmpty()) {
            if (second == null || second.isEmpty()) {
                uri = first;
            } else {
                method = first;
            }
        }
        if (second != null && !second.isEmpty()) {
            uri = second;
        }
        String version = third == null || third.isEmpty() ? null : third;
        List<HttpSendRule.Header> headers = new ArrayList<>();
        String body = null;
        if (version != null) {
            int bodyAt = version.indexOf("\r\n\r\n");
            int headersAt = version.indexOf("\r\n");
            String head = version;
            if (bodyAt >= 0) {
                body = version.substring(bodyAt + 4);
                head = version.substring(0, bodyAt);
            }
            if (headersAt >= 0 && headersAt != bodyAt) {
                for (String h : head.substring(headersAt + 2).split("\r\n", -1)) {
                    if (h.isEmpty()) {
                        continue;
                    }
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        throw new ConfigException(line.position(), "'" + what + "': cannot parse the header line '"
                                + h + "' hidden in the version string (expected 'Name: value')");
                    }
                    headers.add(header(line, h.substring(0, colon).strip(), h.substring(colon + 1).strip(), headers,
                            what));
                }
            }
            version = headersAt >= 0 ? version.substring(0, headersAt) : version;
        }
        if (method != null) {
            token(line, method, what + " <method>");
        }
        if (uri != null) {
            token(line, uri, what + " <uri>");
        }
        if (version != null) {
            token(line, version, what + " <version>");
        }
        return new HttpSendRule(method, uri, version, headers, body, true, null, line.position());
    }

    private static HttpSendRule.Header header(ConfigLine line, String name, String value,
                                              List<HttpSendRule.Header> previous, String what) throws ConfigException {
        if (!name.chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
            throw new ConfigException(line.position(), "'" + what + "': invalid header name '" + name + "'");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
            throw new ConfigException(line.position(), "'" + what + "': the '" + name + "' header is computed by "
                    + "the check from its body; remove it");
        }
        if (lower.equals("host")) {
            for (HttpSendRule.Header h : previous) {
                if (h.name().equalsIgnoreCase("host")) {
                    throw new ConfigException(line.position(), "'" + what + "': '" + name + "' header already "
                            + "defined (previous value is '" + h.value() + "')");
                }
            }
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new ConfigException(line.position(), "'" + what + "': the value of header '" + name
                    + "' may not contain CR or LF");
        }
        return new HttpSendRule.Header(name, literal(line, value, what + " hdr " + name));
    }

    /** HAProxy's hexadecimal strings: pairs of hex digits, upper or lower case. */
    static byte[] hex(ConfigLine line, String text, String what) throws ConfigException {
        if (text.length() % 2 != 0) {
            throw new ConfigException(line.position(), "'" + what + "': '" + text + "' is not a valid binary string "
                    + "(an even number of hex digits is expected)");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                throw new ConfigException(line.position(), "'" + what + "': '" + text + "' is not a valid binary "
                        + "string (an hex digit is expected, found '" + text.charAt(i) + "')");
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /**
     * A text that HAProxy reads as a log-format string. Without '%' it is the text itself (and "%%" is a
     * literal '%'); expressions such as {@code %[res.payload(0,0)]} are not implemented.
     */
    static String literal(ConfigLine line, String value, String what) throws ConfigException {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 1 < value.length() && value.charAt(i + 1) == '%') {
                    i++;
                } else {
                    throw new ConfigException(line.position(), "'" + what + "': log-format expressions such as '"
                            + value + "' are not supported yet in checks; write '%%' for a literal '%' (see "
                            + "docs/compatibility.md)");
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Request-line parts are sent as written, so they may not break the request line. */
    private static String token(ConfigLine line, String value, String what) throws ConfigException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 127) {
                throw new ConfigException(line.position(), "'" + what + "' may not contain spaces or control "
                        + "characters but got '" + value.replace("\r", "\\r").replace("\n", "\\n") + "'"
                        + (c == '\r' || c == '\n' ? " (add headers with 'hdr <name> <value>')" : ""));
            }
        }
        return value;
    }

    static String argument(ConfigLine line, int index, String what, String option) throws ConfigException {
        String v = line.word(index);
        if (v == null || v.isEmpty()) {
            throw new ConfigException(line.position(), "'" + what + "': '" + option + "' expects an argument");
        }
        return v;
    }

    static ConfigException notYet(ConfigLine line, String what, String why) {
        return new ConfigException(line.position(), "'" + what + "' is not supported yet: " + why
                + " (see docs/compatibility.md)");
    }

    static String quoted(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                b.append(i == words.size() - 1 ? " or " : ", ");
            }
            b.append('\'').append(words.get(i)).append('\'');
        }
        return b.toString();
    }
}
