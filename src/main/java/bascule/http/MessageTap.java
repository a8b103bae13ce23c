package bascule.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Lets a refused message's bytes be copied out of an HTTP/1 decoder's cumulation buffer, for
 * {@code show errors}, without copying anything on the normal path.
 *
 * <p>The decoder tells the tap how many bytes each {@code decode} call consumed and where messages ended,
 * so the tap knows where the current message started in the connection's byte stream. When a call produces
 * a head or a failure, the tap holds a reference to the cumulation (a retain, no copy) until the decoder has
 * passed its output on: the validator that refuses a head runs in that window and asks {@link #capture}
 * for the bytes. The decoder releases the reference once its {@code channelRead} returns, so the
 * cumulation is never shared while it grows.
 */
final class MessageTap {
    private final boolean request;
    private final int bufsize;
    /** Bytes the decoder consumed on this connection so far. */
    private long consumed;
    /** Where the current message's first byte is in the connection's byte stream. */
    private long messageStart;
    private ByteBuf held;
    /** Where index 0 of {@link #held} is in the connection's byte stream. */
    private long heldBase;
    /** Where the message of the output being passed on starts in the connection's byte stream. */
    private long outputStart;

    MessageTap(boolean request, int bufsize) {
        this.request = request;
        this.bufsize = bufsize;
    }

    /**
     * After a {@code decode} call that moved {@code in}'s reader index from {@code readerBefore} and added
     * {@code out}'s elements from {@code outBefore} on.
     */
    void decoded(ByteBuf in, int readerBefore, List<Object> out, int outBefore) {
        long start = messageStart;
        consumed += in.readerIndex() - readerBefore;
        boolean hold = false;
        for (int i = outBefore, n = out.size(); i < n; i++) {
            Object o = out.get(i);
            boolean failed = o instanceof HttpObject h && h.decoderResult().isFailure();
            hold |= failed || o instanceof HttpMessage;
            if (o instanceof LastHttpContent && !failed) {
                messageStart = consumed; // a decode call ends at most one message, where it stops reading
            }
        }
        if (hold && held == null && in.refCnt() > 0) {
            held = in.retain();
            heldBase = consumed - in.readerIndex();
        }
        if (hold) {
            // The output is passed on before the next decode call: a capture until then is of this message.
            outputStart = start;
        }
    }

    /** Where the current message starts in the decoder's buffer {@code in} (before a decode call), or -1. */
    int messageStartIn(ByteBuf in) {
        long i = messageStart - (consumed - in.readerIndex());
        return i < 0 || i > in.writerIndex() ? -1 : (int) i;
    }

    /** Lets go of the cumulation once the decoder's output was passed on. */
    void release() {
        if (held != null) {
            ByteBuf b = held;
            held = null;
            b.release();
        }
    }

    /** The current message's bytes received so far, or null when they are not at hand. */
    RawMessage capture() {
        if (held == null) {
            return null;
        }
        int from = (int) Math.max(0, outputStart - heldBase); // earlier bytes were discarded: keep what is left
        int to = held.writerIndex();
        if (from >= to) {
            return null;
        }
        byte[] bytes = new byte[Math.min(to - from, bufsize)];
        held.getBytes(from, bytes);
        return new RawMessage(bytes, ErrorLocator.find(bytes, request));
    }
}
