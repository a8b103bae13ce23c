package bascule;

import bascule.proxy.Messages;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * systemd's {@code Type=notify} (HAProxy's unit runs {@code haproxy -Ws}): once listening, say
 * {@code READY=1} on {@code $NOTIFY_SOCKET}, or systemd stops the service at its start timeout.
 */
final class SystemdNotify {
    private SystemdNotify() {
    }

    static void ready(Messages messages) {
        String path = System.getenv("NOTIFY_SOCKET");
        if (path == null || path.isEmpty()) {
            return;
        }
        if (!Epoll.isAvailable()) {
            messages.warning("cannot notify systemd on " + path + ": needs the native epoll library");
            return;
        }
        // An abstract socket is written with a leading '@' and addressed with a leading NUL byte.
        byte[] address = (path.startsWith("@") ? "\0" + path.substring(1) : path).getBytes(StandardCharsets.UTF_8);
        byte[] msg = ("READY=1\nMAINPID=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Socket s = Socket.newSocketDomainDgram();
            try {
                ByteBuffer buf = ByteBuffer.allocateDirect(msg.length);
                buf.put(msg).flip();
                s.sendToDomainSocket(buf, 0, msg.length, address);
            } finally {
                s.close();
            }
        } catch (java.io.IOException e) {
            messages.warning("cannot notify systemd on " + path + ": " + e.getMessage());
        }
    }
}
