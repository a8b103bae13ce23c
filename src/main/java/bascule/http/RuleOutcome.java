package bascule.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * What a rule list decided. {@link Kind#CONTINUE}: go on (no rule stopped the list, or {@code allow} did,
 * which only ends this list). {@link Kind#REPLY}: send {@code reply} instead of going on (deny, tarpit,
 * return, redirect, auth); for response rules it replaces the server's response. The receiver owns
 * {@code reply} and must write or release it. {@code tarpit}: hold the reply for {@code timeout tarpit}
 * first. {@link Kind#SERVICE}: the built-in service
 * {@code service} answers. {@code local}: the request was answered
 * rather than refused (HAProxy logs 'L' instead of 'P'). {@code closeAfter}: the reply is framed by closing the connection (an errorfile without
 * content-length), so the connection must close once it is written.
 */
public record RuleOutcome(Kind kind, FullHttpResponse reply, boolean tarpit, boolean closeAfter, String service,
                          boolean local, boolean failedRewrite) {
    public enum Kind { CONTINUE, REPLY, SERVICE }

    public static final RuleOutcome CONTINUE = new RuleOutcome(Kind.CONTINUE, null, false, false, null, false,
            false);

    /** {@code use-service}: a built-in service answers instead of a server. */
    public static RuleOutcome service(String name) {
        return new RuleOutcome(Kind.SERVICE, null, false, false, name, true, false);
    }

    /** A reply that blocks the request (deny, tarpit, auth): logged as a proxy condition ('P'). */
    public static RuleOutcome reply(FullHttpResponse reply, boolean tarpit, boolean closeAfter) {
        return new RuleOutcome(Kind.REPLY, reply, tarpit, closeAfter, null, false, false);
    }

    /** A reply that answers the request locally (return, redirect): logged as local processing ('L'). */
    public static RuleOutcome local(FullHttpResponse reply, boolean closeAfter) {
        return new RuleOutcome(Kind.REPLY, reply, false, closeAfter, null, true, false);
    }

    /**
     * A rule could not rewrite the message (a value HTTP cannot carry): as HAProxy in its default strict mode,
     * the transaction ends with a 500, logged as a proxy condition, and counted in {@code wrew}, not as a denial.
     */
    public static RuleOutcome failedRewrite(FullHttpResponse reply) {
        return new RuleOutcome(Kind.REPLY, reply, false, false, null, false, true);
    }

    public boolean isReply() {
        return kind == Kind.REPLY;
    }
}
