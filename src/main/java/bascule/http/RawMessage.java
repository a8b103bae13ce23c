package bascule.http;

/**
 * The bytes of a refused HTTP/1 message from its first byte, as far as they had arrived (at most
 * {@code tune.bufsize}), and the offset where an HAProxy-like parser stops on them ({@link ErrorLocator}).
 */
public record RawMessage(byte[] bytes, int errorAt) {
}
