package bascule.logformat;

import bascule.sample.SampleCompiler;
import bascule.sample.SampleException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles HAProxy's log-format language: literal text, separators (spaces), {@code %%}, variables such as
 * {@code %ci} or {@code %tsc}, samples {@code %[fetch,converter]}, each optionally preceded by flags
 * {@code %{+Q,-X}} and a JSON key {@code %(name)}. {@code %{+Q}o} (any flags on {@code o}) sets the flags of
 * every later field. {@code %{+json}o} makes the line a JSON object (HAProxy 3.0's spelling).
 * An unknown variable is an error naming the nearest known one, where HAProxy's is a bare "no such format".
 */
public final class LogFormatCompiler {
    /** HAProxy's built-in formats. */
    public static final String TCP = "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq";
    public static final String HTTP = "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc "
            + "%ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r";
    public static final String HTTP_CLF = "%{+Q}o %{-Q}ci - - [%trg] %r %ST %B \"\" \"\" %cp %ms %ft %b %s %TR %Tw "
            + "%Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl";
    /**
     * {@code option httpslog}: the HTTP format plus the TLS facts ({@code %[fc_err]/%[ssl_fc_err,hex]/...
     * %[ssl_fc_sni]/%sslv/%sslc} in HAProxy). Until TLS termination exists every connection is plain, and
     * those fields are what HAProxy 2.6 writes for a plain connection: no error, nothing else known.
     */
    public static final String HTTPS = HTTP + " 0/-/-/-/0 -/-/-";
    /** {@code option httplog json} (Bascule's): the HTTP format's fields as one JSON object. */
    public static final String HTTP_JSON = "%{+json}o %ci %cp %tr %ft %b %s %TR %Tw %Tc %Tr %Ta %ST %B %CC %CS %tsc "
            + "%ac %fc %bc %sc %rc %sq %bq %hr %hs %HM %HU %HV";
    /** {@code option tcplog json} (Bascule's). */
    public static final String TCP_JSON = "%{+json}o %ci %cp %t %ft %b %s %Tw %Tc %Tt %B %ts %ac %fc %bc %sc %rc %sq "
            + "%bq";

    private LogFormatCompiler() {
    }

    /** A {@code log-format}, {@code log-format-sd}, {@code error-log-format} or {@code unique-id-format}. */
    public static LogFormat compile(String text, SampleCompiler samples) throws SampleException {
        return compile(text, samples, false);
    }

    /**
     * A format in a header value, redirect, reply body, variable or backend name ({@code set-header},
     * {@code redirect location}, {@code lf-string}, {@code set-var-fmt}...). The language is the same, but as
     * in HAProxy spaces are plain text there, a missing value is written as nothing, and samples are never
     * quoted and have their control characters %-encoded. {@code +json} has no meaning there.
     */
    public static LogFormat compileHeader(String text, SampleCompiler samples) throws SampleException {
        return compile(text, samples, true);
    }

    private static LogFormat compile(String text, SampleCompiler samples, boolean header) throws SampleException {
        List<LogFormat.Node> nodes = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int global = header ? LogFormat.BLANK : 0;
        boolean json = false;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' && !header) {
                flush(literal, nodes);
                if (nodes.isEmpty() || !(nodes.get(nodes.size() - 1) instanceof LogFormat.Separator)) {
                    nodes.add(new LogFormat.Separator());
                }
                i++;
                continue;
            }
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && text.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            int j = i + 1;
            int plus = 0;
            int minus = 0;
            boolean jsonFlag = false;
            if (j < n && text.charAt(j) == '{') {
                int close = text.indexOf('}', j);
                if (close < 0) {
                    throw new SampleException("missing '}' after '%{' in log-format '" + text + "'");
                }
                for (String flag : text.substring(j + 1, close).split(",")) {
                    if (flag.isEmpty()) {
                        continue;
                    }
                    if (flag.equals("+json") && header) {
                        throw new SampleException("'+json' only makes sense in a log-format, not in '" + text + "'");
                    }
                    if (flag.equals("+json")) {
                        jsonFlag = true;
                        continue;
                    }
                    if (flag.length() != 2 || flag.charAt(0) != '+' && flag.charAt(0) != '-') {
                        throw new SampleException("bad log-format flag '" + flag + "' in '" + text
                                + "': flags are +Q, -Q, +X, -X, +E, -E (and +json on %o)");
                    }
                    int bit = switch (flag.charAt(1)) {
                        case 'Q' -> LogFormat.QUOTE;
                        case 'X' -> LogFormat.HEX;
                        case 'E' -> LogFormat.ESCAPE;
                        default -> throw new SampleException("unknown log-format flag '" + flag + "' in '" + text
                                + "': flags are +Q, -Q, +X, -X, +E, -E (and +json on %o)");
                    };
                    if (flag.charAt(0) == '+') {
                        plus |= bit;
                    } else {
                        minus |= bit;
                    }
                }
                j = close + 1;
            }
            String key = null;
            if (j < n && text.charAt(j) == '(') {
                int close = text.indexOf(')', j);
                if (close < 0) {
                    throw new SampleException("missing ')' after '%(' in log-format '" + text + "'");
                }
                key = text.substring(j + 1, close);
                j = close + 1;
            }
            if (j < n && text.charAt(j) == '[') {
                int end = bascule.sample.FormatText.closingBracket(text, j + 1);
                if (end < 0) {
                    throw new SampleException("missing ']' after '%[' in log-format '" + text + "'");
                }
                String inner = text.substring(j + 1, end).trim();
                if (inner.isEmpty()) {
                    throw new SampleException("empty sample expression '%[]' in log-format '" + text + "'");
                }
                flush(literal, nodes);
                nodes.add(new LogFormat.Fetch(samples.expression(inner), (global | plus) & ~minus,
                        key != null ? key : inner));
                i = end + 1;
                continue;
            }
            int k = j;
            while (k < n && Character.isLetter(text.charAt(k))) {
                k++;
            }
            String code = text.substring(j, k);
            if (code.isEmpty()) {
                throw new SampleException("'%' must be followed by a variable, '[', '{' or '%' in log-format '"
                        + text + "' (write '%%' for a percent sign)");
            }
            LogVar var = LogVar.of(code);
            if (var == null) {
                throw new SampleException(unknown(code));
            }
            if (var == LogVar.OPTIONS) {
                global = (global | plus) & ~minus;
                json |= jsonFlag;
                i = k;
                continue;
            }
            if (jsonFlag) {
                throw new SampleException("'+json' is a flag of '%o' (write '%{+json}o' at the start of the format)");
            }
            flush(literal, nodes);
            nodes.add(new LogFormat.Var(var, (global | plus) & ~minus, key != null ? key : var.jsonName));
            i = k;
        }
        flush(literal, nodes);
        return new LogFormat(text, nodes, json, header);
    }

    private static String unknown(String code) {
        String laterTls = switch (code) {
            case "sslv", "sslc" -> "TLS termination";
            default -> null;
        };
        if (laterTls != null) {
            return "log-format variable '%" + code + "' is not supported yet: it arrives with " + laterTls;
        }
        java.util.List<String> known = LogVar.codes().stream().filter(c -> !c.equals("o")).map(c -> "%" + c)
                .sorted().toList();
        return "unknown log-format variable '%" + code + "'"
                + bascule.sample.Suggestions.didYouMean("%" + code, known)
                + "; see docs/logging.md for the variables Bascule knows";
    }

    private static void flush(StringBuilder literal, List<LogFormat.Node> nodes) {
        if (literal.length() > 0) {
            nodes.add(new LogFormat.Text(literal.toString()));
            literal.setLength(0);
        }
    }
}
