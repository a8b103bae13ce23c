package bascule.check;

import java.nio.charset.StandardCharsets;

/**
 * A step that judges what the server sent. It is evaluated each time more data arrives (or the server
 * closes) until it decides: as HAProxy does, a mismatch waits for more data unless the read is over
 * ({@link Input#lastRead()}: end of stream, error, or a full buffer) or a {@code min-recv} made the answer
 * final.
 */
sealed interface ExpectStep extends ScriptStep permits TcpExpect, HttpExpect, MysqlExpect {
    /** Decides on what was read so far. */
    Verdict evaluate(Input in);

    /** The result when the script ends with this step having passed. */
    Verdict success(Input in);

    /** The status for a check that times out waiting in this step (null: Layer7 timeout). */
    CheckStatus timeoutStatus();

    /** The status for a response that ends before any byte arrived (null: Layer7 invalid response). */
    CheckStatus errorStatus();

    /** A negated pattern: a chain of expects is re-evaluated from its first negated one when data arrives. */
    boolean inverse();

    /** The bytes read since the last send, and whether more may come. */
    record Input(byte[] data, int size, boolean lastRead, boolean headRequest) {
        String text() {
            return new String(data, 0, size, StandardCharsets.ISO_8859_1);
        }

        /** From {@code offset} to the end, as HAProxy's {@code res.payload(offset,0)} ("" if shorter). */
        String payload(int offset) {
            return offset >= size ? "" : new String(data, offset, size - offset, StandardCharsets.ISO_8859_1);
        }

        int indexOf(byte[] pattern) {
            outer:
            for (int i = 0; i + pattern.length <= size; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** The bytes as upper-case hexadecimal, what {@code rbinary} patterns are matched against. */
        String hex() {
            StringBuilder b = new StringBuilder(size * 2);
            for (int i = 0; i < size; i++) {
                b.append(Character.toUpperCase(Character.forDigit((data[i] >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(data[i] & 0xf, 16)));
            }
            return b.toString();
        }

        /** A C string from {@code offset}: up to the first NUL byte (HAProxy copies descriptions with strncpy). */
        String cString(int offset) {
            int end = offset;
            while (end < size && data[end] != 0) {
                end++;
            }
            return offset >= size ? "" : new String(data, offset, end - offset, StandardCharsets.ISO_8859_1);
        }
    }

    /** The decision of one evaluation. */
    record Verdict(Kind kind, CheckStatus status, String info, int code) {
        enum Kind { WAIT, CONTINUE, FAIL, PASS }

        static final Verdict WAIT = new Verdict(Kind.WAIT, null, "", 0);
        static final Verdict CONTINUE = new Verdict(Kind.CONTINUE, null, "", 0);

        static Verdict fail(CheckStatus status, String info, int code) {
            return new Verdict(Kind.FAIL, status, info, code);
        }

        /** The check passed with this result, whatever steps follow (only the last step gives it). */
        static Verdict pass(CheckStatus status, String info, int code) {
            return new Verdict(Kind.PASS, status, info, code);
        }
    }

    /** " comment: text", appended to a failing expect's info as HAProxy does (no quotes there). */
    static String withComment(String info, String comment) {
        return comment == null ? info : info + " comment: " + comment;
    }
}
