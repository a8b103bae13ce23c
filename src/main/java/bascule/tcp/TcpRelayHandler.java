package bascule.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Relays bytes read on one channel to its peer. Backpressure: when the peer's outbound buffer passes its
 * high watermark, this side stops reading until the peer drains below the low watermark. Flushes once
 * per read batch, not once per buffer.
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
    private final TcpStream stream;
    private final Channel peer;
    private final boolean clientSide;

    TcpRelayHandler(TcpStream stream, Channel peer, boolean clientSide) {
        this.stream = stream;
        this.peer = peer;
        this.clientSide = clientSide;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
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
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (stream.isSpliced(clientSide)) {
                Splicer.drainAfterFin(ctx.channel(), peer);
            }
            stream.inputShutdown(clientSide);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stream.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are ordinary endings of a stream: close both sides quietly.
        stream.close();
    }
}
