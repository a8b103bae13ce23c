package bascule.check;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * {@code tcp-check expect}: a string or bytes to find anywhere in what was read, or a regex to match against
 * it ({@code rstring}) or against its upper-case hexadecimal dump ({@code rbinary}). The protocol probes
 * (redis, smtp, pgsql) are built from these too, with their own texts: {@code onSuccess}/{@code onError}
 * compute the info from the response and {@code statusCode} its code, each null for HAProxy's default.
 * {@code tcpCheckWording} gives the "TCPCHK did not match content ..." and "(tcp-check)" texts that only
 * user-written {@code tcp-check} scripts get.
 */
record TcpExpect(int id, Match match, boolean inverse, byte[] data, Pattern regex, int minRecv, CheckStatus okStatus,
                 CheckStatus errorStatus, CheckStatus timeoutStatus, Function<Input, String> onSuccess,
                 Function<Input, String> onError, ToIntFunction<Input> statusCode, boolean tcpCheckWording,
                 String comment) implements ExpectStep {

    enum Match { STRING, BINARY, RSTRING, RBINARY }

    @Override
    public Verdict evaluate(Input in) {
        boolean lastRead = in.lastRead();
        if (!lastRead) {
            if ((match == Match.STRING || match == Match.BINARY) && in.size() < data.length) {
                return Verdict.WAIT;
            }
            if (minRecv > 0 && in.size() < minRecv) {
                return Verdict.WAIT;
            }
        }
        boolean matched = switch (match) {
            case STRING, BINARY -> in.indexOf(data) >= 0;
            case RSTRING -> regex.matcher(in.text()).find();
            case RBINARY -> regex.matcher(in.hex()).find();
        };
        if (!matched && !lastRead && minRecv == -1) {
            return Verdict.WAIT; // the rest may still come
        }
        if (matched != inverse) {
            return Verdict.CONTINUE;
        }
        String info;
        if (onError != null) {
            info = onError.apply(in);
        } else if (tcpCheckWording) {
            info = (matched ? "TCPCHK matched unwanted content" : "TCPCHK did not match content") + switch (match) {
                case STRING -> " '" + new String(data, StandardCharsets.ISO_8859_1) + "'";
                case BINARY -> " (binary)";
                case RSTRING -> " (regex)";
                case RBINARY -> " (binary regex)";
            } + " at step " + id;
        } else {
            info = "";
        }
        return Verdict.fail(errorStatus != null ? errorStatus : CheckStatus.L7RSP, ExpectStep.withComment(info, comment),
                statusCode != null ? statusCode.applyAsInt(in) : 0);
    }

    @Override
    public Verdict success(Input in) {
        String info = onSuccess != null ? onSuccess.apply(in) : tcpCheckWording ? "(tcp-check)" : "";
        return Verdict.pass(okStatus != null ? okStatus : CheckStatus.L7OK, info,
                statusCode != null ? statusCode.applyAsInt(in) : 0);
    }

    @Override
    public String describe() {
        return switch (match) {
            case STRING -> " (expect string '" + new String(data, StandardCharsets.ISO_8859_1) + "')";
            case BINARY -> " (expect binary '" + new String(data, StandardCharsets.ISO_8859_1) + "')";
            case RSTRING -> " (expect regex)";
            case RBINARY -> " (expect binary regex)";
        };
    }
}
