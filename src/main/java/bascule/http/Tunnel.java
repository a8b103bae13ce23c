package bascule.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The raw byte relay an upgraded connection (101 Switching Protocols, e.g. WebSocket) becomes: both
 * directions copied with backpressure, closed together, and closed when idle for {@code timeout tunnel}
 * (or the client/server timeouts when it is unset).
 */
final class Tunnel {
    private final Channel client;
    private final Channel server;
    private final long idleMillis;
    private final Runnable onClose;
    private volatile long lastActivity = System.nanoTime();
    private ScheduledFuture<?> timer;
    private boolean closed;
    private boolean started;
    private final java.util.ArrayDeque<Object[]> early = new java.util.ArrayDeque<>();

    Tunnel(Channel client, Channel server, long idleMillis, Runnable onClose) {
        this.client = client;
        this.server = server;
        this.idleMillis = idleMillis;
        this.onClose = onClose;
    }

    /** The handler for one side; bytes it reads go to the other side. */
    ChannelInboundHandlerAdapter handler(boolean clientSide) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!started) {
                    // Bytes the HTTP decoders held past the 101 arrive while the codecs are removed.
                    early.add(new Object[] {ctx, msg});
                    return;
                }
                Channel peer = clientSide ? server : client;
                if (!(msg instanceof ByteBuf) || !peer.isActive()) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                lastActivity = System.nanoTime();
                peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        close();
                    }
                });
                if (!peer.isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                Channel peer = clientSide ? server : client;
                peer.config().setAutoRead(ctx.channel().isWritable());
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                close();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                close();
            }
        };
    }

    void start() {
        started = true;
        Object[] e;
        while ((e = early.poll()) != null) {
            ChannelHandlerContext ctx = (ChannelHandlerContext) e[0];
            try {
                ((io.netty.channel.ChannelInboundHandler) ctx.handler()).channelRead(ctx, e[1]);
            } catch (Exception ex) {
                ReferenceCountUtil.release(e[1]);
                close();
            }
        }
        client.config().setAutoRead(true);
        server.config().setAutoRead(true);
        if (idleMillis > 0) {
            schedule(idleMillis);
        }
    }

    private void schedule(long millis) {
        timer = client.eventLoop().schedule(() -> {
            long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
            if (idle >= idleMillis) {
                close();
            } else {
                schedule(idleMillis - idle);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        client.close();
        server.close();
        onClose.run();
    }
}
