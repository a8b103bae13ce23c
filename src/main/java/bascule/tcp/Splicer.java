package bascule.tcp;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollSocketChannel;

/**
 * Zero-copy relay: asks the native epoll transport to move bytes between the two sockets with splice(2),
 * through a kernel pipe, so they are never copied into the JVM. Events (half-close, errors, close) still
 * reach the relay handlers; only the bytes bypass them.
 */
@SuppressWarnings("deprecation") // Netty marks spliceTo deprecated; it is the only zero-copy socket relay it has
final class Splicer {
    private Splicer() {
    }

    /**
     * From now on, moves the bytes read on {@code from} to {@code to} by splice, if both are native epoll
     * sockets on one event loop; returns whether it did. Bytes already written to {@code to} stay ahead of
     * the spliced ones: both go through {@code to}'s outbound queue in order.
     */
    static boolean spliceOneWay(Channel from, Channel to, Runnable onFailure) {
        if (!(from instanceof AbstractEpollStreamChannel f) || !(to instanceof AbstractEpollStreamChannel t)
                || from.eventLoop() != to.eventLoop()) {
            return false;
        }
        f.config().setOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        t.config().setOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        f.spliceTo(t, Integer.MAX_VALUE).addListener(done -> {
            if (!done.isSuccess()) {
                onFailure.run();
            }
        });
        return true;
    }

    /**
     * Called when {@code from} saw the peer's FIN while splicing. Netty's splice path stops reading at
     * that point even if bytes that arrived before the FIN are still in the socket's receive buffer
     * (splice takes at most one batch per wake-up), so they would be lost. The FIN is behind all of them,
     * so reading until end of stream collects exactly the rest; it is written to {@code to} after the
     * spliced data already queued there.
     */
    static void drainAfterFin(Channel from, Channel to) {
        if (!(from instanceof AbstractEpollStreamChannel c)) {
            return;
        }
        io.netty.buffer.ByteBuf buf = null;
        try {
            while (true) {
                if (buf == null) {
                    buf = from.alloc().directBuffer(65536);
                }
                java.nio.ByteBuffer nio = buf.internalNioBuffer(buf.writerIndex(), buf.writableBytes());
                int n = c.fd().read(nio, nio.position(), nio.limit());
                if (n <= 0) {
                    break;
                }
                buf.writerIndex(buf.writerIndex() + n);
                if (!buf.isWritable()) {
                    to.write(buf, to.voidPromise());
                    buf = null;
                }
            }
        } catch (java.io.IOException e) {
            // a reset after the FIN: whatever was read is still forwarded
        }
        if (buf != null && buf.isReadable()) {
            to.write(buf, to.voidPromise());
        } else if (buf != null) {
            buf.release();
        }
    }

    /** Milliseconds since either socket last received data, from the kernel's TCP_INFO. */
    static long idleMillis(Channel client, Channel server) {
        long a = lastDataRecv(client);
        long b = lastDataRecv(server);
        return Math.min(a, b);
    }

    private static long lastDataRecv(Channel ch) {
        if (ch instanceof EpollSocketChannel e && e.isOpen()) {
            return e.tcpInfo().lastDataRecv();
        }
        return Long.MAX_VALUE;
    }
}
