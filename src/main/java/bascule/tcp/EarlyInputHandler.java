package bascule.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Sits on a just-accepted client channel until its stream is relaying. Auto-read is off then, but the
 * kernel may still hand over data and a FIN together (a client that sends and half-closes at once);
 * this keeps both, so nothing is lost before the server connection exists.
 */
public final class EarlyInputHandler extends ChannelInboundHandlerAdapter {
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private boolean inputShutdown;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pending.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        Object m;
        while ((m = pending.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }

    /** Hands the buffered bytes to the stream's first write; called on the event loop at stream start. */
    int drainTo(io.netty.channel.Channel peer) {
        int bytes = 0;
        Object m;
        while ((m = pending.poll()) != null) {
            if (m instanceof ByteBuf b) {
                bytes += b.readableBytes();
            }
            peer.write(m, peer.voidPromise());
        }
        return bytes;
    }

    boolean inputShutdown() {
        return inputShutdown;
    }
}
