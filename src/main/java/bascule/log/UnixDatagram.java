package bascule.log;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * UNIX datagram sockets (the JDK has none): {@code /dev/log} is one. Uses the native library that the
 * epoll transport already loads.
 */
final class UnixDatagram {
    private UnixDatagram() {
    }

    static Socket open() throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("UNIX datagram log targets need the native epoll library: "
                    + Epoll.unavailabilityCause());
        }
        return Socket.newSocketDomainDgram();
    }

    /** Sends {@code datagram} (a direct buffer, from its position to its limit) to the socket at {@code path}. */
    static void send(Socket socket, byte[] path, ByteBuffer datagram) throws IOException {
        socket.sendToDomainSocket(datagram, datagram.position(), datagram.limit(), path);
    }
}
