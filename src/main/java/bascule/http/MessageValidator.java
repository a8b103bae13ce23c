package bascule.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits right after Netty's HTTP/1 decoder and lets only valid messages through, unchanged and in order.
 *
 * <p>A head is checked as a whole before it is passed on, so a rejected message is never half forwarded.
 * On the first fault (a head the rules reject, a decoder failure, a broken body, or the connection closing
 * in the middle of a message) it passes one {@link HttpError} instead and from then on releases everything
 * it reads: the engine answers or aborts and closes. It never holds a message, so it has nothing to free.
 * The error carries the refused message's bytes when the decoder's {@link MessageTap} still has them.
 */
abstract class MessageValidator extends ChannelInboundHandlerAdapter {
    private final MessageTap tap;
    private boolean failed;
    private boolean inMessage;

    MessageValidator(MessageTap tap) {
        this.tap = tap;
    }

    /** The fault in a head that Netty parsed successfully, or null when it is valid. */
    abstract HttpError check(HttpMessage head);

    /** The error for a head Netty could not parse. */
    abstract HttpError decoderError(Throwable cause);

    /** The error for a body Netty could not parse, or one cut short by the peer closing. */
    abstract HttpError bodyError(String reason);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpError error) {
            fail(ctx, error);
            return;
        }
        if (msg instanceof HttpMessage head) {
            DecoderResult result = head.decoderResult();
            HttpError error = result.isFailure() ? decoderError(result.cause()) : check(head);
            if (error != null) {
                ReferenceCountUtil.release(msg);
                fail(ctx, error);
                return;
            }
            inMessage = true;
        }
        if (msg instanceof HttpContent content) {
            DecoderResult result = content.decoderResult();
            if (result.isFailure()) {
                ReferenceCountUtil.release(msg);
                fail(ctx, bodyError(String.valueOf(result.cause().getMessage())));
                return;
            }
            if (msg instanceof LastHttpContent) {
                inMessage = false;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Netty ends a request body cut short by a close silently; the engine must know to abort.
        if (!failed && inMessage) {
            fail(ctx, bodyError("connection closed before the end of the message"), false);
        }
        super.channelInactive(ctx);
    }

    private void fail(ChannelHandlerContext ctx, HttpError error) {
        fail(ctx, error, true);
    }

    /** {@code capture}: the fault is in the bytes (HAProxy keeps no capture of a message cut short). */
    private void fail(ChannelHandlerContext ctx, HttpError error, boolean capture) {
        failed = true;
        inMessage = false;
        // The decoder holds the bytes while it passes on what it decoded.
        RawMessage raw = capture ? tap.capture() : null;
        ctx.fireChannelRead(raw == null ? error : error.withRaw(raw));
    }
}
