package bascule.check;

import bascule.model.HealthCheckSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * The conversations of HAProxy's built-in protocol checks, as scripts of the same steps a {@code tcp-check}
 * uses, with the same step numbers, statuses and texts as HAProxy 2.6:
 * <ul>
 *   <li>redis: send {@code PING} as a RESP array, expect {@code +PONG\r\n} ("Redis server is ok"; otherwise
 *       Layer7 wrong status with the reply line as info).</li>
 *   <li>smtp: expect a 3-digit greeting, then a 2xx one; send the HELO/EHLO line, expect 2xx; send
 *       {@code QUIT}, expect 2xx. Codes and texts come from the replies ("code: 221, info: \"2.0.0 Bye\"").
 *       (Checked against HAProxy 2.6.12, which sends the QUIT that older versions did not.)</li>
 *   <li>pgsql: send a StartupMessage for {@code user}; an 'E' reply fails with its severity as info; an
 *       authentication request ('R', any method HAProxy knows) passes ("PostgreSQL server is ok").</li>
 *   <li>mysql: read the handshake; with {@code user}, send a client authentication packet followed by
 *       COM_QUIT (4.1 format, or the old one with {@code pre-41}) and read the reply.</li>
 * </ul>
 */
final class ProtocolProbes {
    private static final byte[] REDIS_PING = bytes("*1\r\n$4\r\nPING\r\n");
    private static final byte[] REDIS_PONG = bytes("+PONG\r\n");
    private static final Pattern SMTP_ANY_REPLY = Pattern.compile("^[0-9]{3}[ \r]");
    private static final Pattern SMTP_GREETING = Pattern.compile("^2[0-9]{2}[ \r]");
    private static final Pattern SMTP_OK = Pattern.compile("^2[0-9]{2}[- \r]");
    private static final Pattern PGSQL_ERROR = Pattern.compile("^E");
    private static final Pattern PGSQL_AUTH = Pattern.compile("^52000000(08|0A|0C)000000(00|02|03|04|05|06)");

    private ProtocolProbes() {
    }

    /** The script of {@code spec}'s protocol, starting with {@code connect} (the server's own check connect). */
    static List<ScriptStep> script(HealthCheckSpec spec, ScriptStep.Connect connect) {
        List<ScriptStep> steps = new ArrayList<>();
        switch (spec.kind()) {
            case REDIS -> {
                steps.add(connect); // implicit: step 0
                steps.add(new ScriptStep.Send(1, REDIS_PING, false, null));
                steps.add(expect(2, null, TcpExpect.Match.STRING, REDIS_PONG, -1,
                        CheckStatus.L7STS, in -> "Redis server is ok", in -> cutCrlf(in.payload(0)), null));
            }
            case SMTP -> {
                steps.add(lingering(connect, 1));
                steps.add(expect(2, SMTP_ANY_REPLY, TcpExpect.Match.RSTRING, null, 4, CheckStatus.L7RSP, null,
                        in -> cutCrlf(in.payload(0)), null));
                steps.add(expect(3, SMTP_GREETING, TcpExpect.Match.RSTRING, null, 4, CheckStatus.L7STS, null,
                        ProtocolProbes::smtpText, ProtocolProbes::smtpCode));
                steps.add(new ScriptStep.Send(4, bytes(spec.smtpHello() + "\r\n"), false, null));
                // No min-recv here, unlike the other steps: HAProxy 2.6 waits for more after a reply to the
                // hello that is not 2xx, until the server closes (then: wrong status) or the check times out.
                steps.add(expect(5, SMTP_OK, TcpExpect.Match.RSTRING, null, -1, CheckStatus.L7STS, null,
                        ProtocolProbes::smtpText, ProtocolProbes::smtpCode));
                steps.add(new ScriptStep.Send(6, bytes("QUIT\r\n"), false, null));
                steps.add(expect(7, SMTP_OK, TcpExpect.Match.RSTRING, null, 4, CheckStatus.L7STS,
                        ProtocolProbes::smtpText, ProtocolProbes::smtpText, ProtocolProbes::smtpCode));
            }
            case PGSQL -> {
                steps.add(lingering(connect, 1));
                steps.add(new ScriptStep.Send(2, pgsqlStartup(spec.user()), false, null));
                steps.add(new TcpExpect(3, TcpExpect.Match.RSTRING, true, null, PGSQL_ERROR, 5, null,
                        CheckStatus.L7RSP, null, null, in -> in.cString(6), null, false, null));
                steps.add(expect(4, PGSQL_AUTH, TcpExpect.Match.RBINARY, null, 9, CheckStatus.L7STS,
                        in -> "PostgreSQL server is ok", in -> "PostgreSQL unknown error", null));
            }
            case MYSQL -> {
                steps.add(lingering(connect, 1));
                if (spec.user() == null) {
                    steps.add(new MysqlExpect(2, false, true));
                } else {
                    steps.add(new ScriptStep.Send(2, mysqlLogin(spec.user(), spec.mysqlPre41()), false, null));
                    steps.add(new MysqlExpect(3, false, false));
                    steps.add(new MysqlExpect(4, true, true));
                }
            }
            default -> throw new IllegalArgumentException("not a protocol check: " + spec.kind());
        }
        return steps;
    }

    private static TcpExpect expect(int id, Pattern regex, TcpExpect.Match match, byte[] data,
                                    int minRecv, CheckStatus error, Function<ExpectStep.Input, String> onSuccess,
                                    Function<ExpectStep.Input, String> onError,
                                    ToIntFunction<ExpectStep.Input> statusCode) {
        return new TcpExpect(id, match, false, data, regex, minRecv, null, error, null, onSuccess, onError, statusCode,
                false, null);
    }

    /** HAProxy opens these checks with "connect default linger": the server's settings, closed with a FIN. */
    private static ScriptStep.Connect lingering(ScriptStep.Connect c, int id) {
        return new ScriptStep.Connect(id, c.address(), 0, c.sendProxy(), true, false, null);
    }

    /** The reply text after the code: HAProxy's {@code res.payload(4,0),ltrim(' '),cut_crlf}. */
    private static String smtpText(ExpectStep.Input in) {
        return cutCrlf(in.payload(4).replaceFirst("^ +", ""));
    }

    /** The reply code: HAProxy's {@code status-code res.payload(0,3)}, 0 when it is not a number. */
    private static int smtpCode(ExpectStep.Input in) {
        String code = in.size() >= 3 ? in.text().substring(0, 3) : in.text();
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** HAProxy's {@code cut_crlf}: up to the first CR or LF. */
    static String cutCrlf(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\r' || s.charAt(i) == '\n') {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /** A protocol 3.0 StartupMessage with only the user parameter. */
    static byte[] pgsqlStartup(String user) {
        byte[] name = bytes(user);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int length = 15 + name.length;
        b.write(length >>> 24);
        b.write(length >>> 16);
        b.write(length >>> 8);
        b.write(length);
        b.writeBytes(new byte[] {0, 3, 0, 0});
        b.writeBytes(bytes("user\0"));
        b.writeBytes(name);
        b.write(0);
        b.write(0);
        return b.toByteArray();
    }

    /**
     * A client authentication packet for {@code user} without password, then COM_QUIT: the 4.1 format
     * (capabilities 0x00008200, max packet, UTF-8 charset, 23 filler bytes) or the pre-4.1 one.
     */
    static byte[] mysqlLogin(String user, boolean pre41) {
        byte[] name = bytes(user);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        if (pre41) {
            payload.writeBytes(new byte[] {0x00, (byte) 0x80});
            payload.writeBytes(new byte[] {0x00, 0x00, 0x01});
        } else {
            payload.writeBytes(new byte[] {0x00, (byte) 0x82, 0x00, 0x00});
            payload.writeBytes(new byte[] {0x00, (byte) 0x80, 0x00, 0x01});
            payload.write(0x21);
            payload.writeBytes(new byte[23]);
        }
        payload.writeBytes(name);
        payload.write(0);
        payload.write(0);
        int length = payload.size();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(length);
        b.write(length >>> 8);
        b.write(length >>> 16);
        b.write(1); // sequence id: the reply to the server's handshake
        b.writeBytes(payload.toByteArray());
        b.writeBytes(new byte[] {0x01, 0x00, 0x00, 0x00, 0x01}); // COM_QUIT, sequence 0
        return b.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
