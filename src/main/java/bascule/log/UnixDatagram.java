package bascule.log;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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

    static void send(Socket socket, String path, byte[] line, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(len);
        buf.put(line, 0, len).flip();
        socket.sendToDomainSocket(buf, 0, len, path.getBytes(StandardCharsets.UTF_8));
    }
}
