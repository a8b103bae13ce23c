package bascule.check;

/**
 * The two MySQL packets {@code option mysql-check} reads, as HAProxy's built-in check does: the server's
 * initial handshake, and (with {@code user}) the reply to the client authentication after it. A packet
 * starting with 0xff is a MySQL error: Layer7 wrong status with the error number as code and the message
 * as info. When the last packet is fine the check passes with the server version from the handshake.
 */
record MysqlExpect(int id, boolean afterHandshake, boolean last) implements ExpectStep {
    @Override
    public Verdict evaluate(Input in) {
        int offset = 0;
        if (afterHandshake) {
            offset = 4 + length(in, 0); // the handshake was complete for the previous step to pass
        }
        if (in.size() < offset + 4 || in.size() < offset + 4 + length(in, offset)) {
            return in.lastRead() ? Verdict.fail(CheckStatus.L7RSP, "", 0) : Verdict.WAIT;
        }
        if ((in.data()[offset + 4] & 0xff) == 0xff) {
            int error = in.size() > offset + 6
                    ? (in.data()[offset + 5] & 0xff) | (in.data()[offset + 6] & 0xff) << 8 : 0;
            return Verdict.fail(CheckStatus.L7STS, in.cString(offset + 7), error);
        }
        return last ? success(in) : Verdict.CONTINUE;
    }

    /** The server version: the NUL-terminated string after the protocol byte of the handshake. */
    @Override
    public Verdict success(Input in) {
        return Verdict.pass(CheckStatus.L7OK, in.cString(5), 0);
    }

    private static int length(Input in, int offset) {
        byte[] d = in.data();
        return (d[offset] & 0xff) | (d[offset + 1] & 0xff) << 8 | (d[offset + 2] & 0xff) << 16;
    }

    @Override
    public CheckStatus timeoutStatus() {
        return null;
    }

    @Override
    public CheckStatus errorStatus() {
        return null;
    }

    @Override
    public boolean inverse() {
        return false;
    }

    @Override
    public String comment() {
        return null;
    }

    @Override
    public String describe() {
        return " (expect custom function)";
    }
}
