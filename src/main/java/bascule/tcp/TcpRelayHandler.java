package bascule.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays bytes read on one side of a {@link TcpStream} to the other. Backpressure: when the peer's
 * outbound buffer passes its high watermark, this side stops reading until the peer drains below the low
 * watermark. Flushes once per read batch, not once per buffer. A server-side handler whose connection
 * attempt was not the one attached to the stream ignores everything.
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
    private final TcpStream stream;
    private final boolean clientSide;

    TcpRelayHandler(TcpStream stream, boolean clientSide) {
        this.stream = stream;
        this.clientSide = clientSide;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel peer = stream.peerOf(clientSide);
        if (peer == null) {
            if (clientSide) {
                stream.early(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (!stream.owns(ctx.channel(), clientSide)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            stream.activity(clientSide, buf.readableBytes());
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            // Pause first: the flush may drain the peer at once, and its "writable again" event must find
            // this side paused, or reading would stay off for good.
            ctx.channel().config().setAutoRead(false);
            peer.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Channel peer = stream.peerOf(clientSide);
        if (peer != null && stream.owns(ctx.channel(), clientSide)) {
            peer.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel peer = stream.peerOf(clientSide);
        if (ctx.channel().isWritable() && peer != null && stream.owns(ctx.channel(), clientSide)) {
            stream.writeProgress();
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && (stream.owns(ctx.channel(), clientSide)
                || clientSide)) {
            Channel peer = stream.peerOf(clientSide);
            if (peer != null && stream.isSpliced(clientSide)) {
                Splicer.drainAfterFin(ctx.channel(), peer);
            }
            stream.inputShutdown(clientSide);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (clientSide || stream.owns(ctx.channel(), false)) {
            stream.inactive(clientSide);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are ordinary endings of a stream: close both sides quietly. A failed
        // server attempt's errors are the starter's business (it sees the connect future).
        if (clientSide || stream.owns(ctx.channel(), false)) {
            if (stream.isAttached()) {
                stream.close();
            } else {
                ctx.close();
            }
        }
    }
}
