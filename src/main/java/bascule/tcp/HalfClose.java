package bascule.tcp;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;

/**
 * Sends a FIN on a channel whose queued bytes were all written, cheaply. Netty's
 * {@code shutdownOutput()} builds an exception with a stack trace on every call (to fail pending writes,
 * of which there are none here), so on epoll the socket is shut directly; the channel reads the same
 * socket state afterwards. Once this side's output is shut, its peer's FIN ends the stream, so the
 * channel stops allowing half-closure: Netty then closes it on that FIN instead of calling
 * shutdown(SHUT_RD) on a socket the kernel already finished with (another exception per connection).
 * Not while that channel's input is spliced: Netty's splice path acts on the FIN before it has read
 * everything, and only the half-close event lets {@link Splicer#drainAfterFin} collect the rest.
 */
final class HalfClose {
    private HalfClose() {
    }

    static void shutdownOutput(DuplexChannel ch, boolean inputSpliced) {
        if (!inputSpliced) {
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        }
        if (ch instanceof AbstractEpollStreamChannel e && e.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
                return;
            } catch (IOException ignored) {
                // fall back to Netty's way, which reports the failure through the pipeline
            }
        }
        ch.shutdownOutput();
    }
}
