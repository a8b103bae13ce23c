package bascule.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The I/O transport chosen at start: native epoll when the kernel and the bundled library allow it,
 * Java NIO otherwise. Everything that creates channels asks this object, so the two never mix.
 */
public final class Transport {
    private final boolean epoll;

    private Transport(boolean epoll) {
        this.epoll = epoll;
    }

    /** Native epoll if available and not refused ({@code noepoll}), else NIO. */
    public static Transport choose(boolean refuseEpoll) {
        return new Transport(!refuseEpoll && Epoll.isAvailable());
    }

    public static String epollUnavailabilityReason() {
        Throwable t = Epoll.unavailabilityCause();
        return t == null ? "available" : t.toString();
    }

    public boolean isEpoll() {
        return epoll;
    }

    public String name() {
        return epoll ? "epoll" : "nio";
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory f = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new io.netty.util.concurrent.DefaultThreadFactory(name, true),
                f);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** A factory for TCP server channels of the given family ({@code v6} true for an IPv6 socket). */
    public ChannelFactory<ServerChannel> serverChannelFactory(boolean v6) {
        if (epoll) {
            return () -> new EpollServerSocketChannel(v6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET);
        }
        return () -> new NioServerSocketChannel(java.nio.channels.spi.SelectorProvider.provider(),
                v6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET);
    }

    public Class<? extends Channel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** A new, unregistered client socket channel of this transport. */
    public Channel newSocketChannel() {
        return epoll ? new EpollSocketChannel() : new NioSocketChannel();
    }

    /** UNIX domain stream listeners need native epoll. */
    public ChannelFactory<ServerChannel> domainServerChannelFactory() {
        if (!epoll) {
            throw new IllegalStateException("UNIX socket listeners need the native epoll transport");
        }
        return EpollServerDomainSocketChannel::new;
    }

    /** Adopts an already-listening socket (systemd socket activation, {@code fd@N}). */
    public ServerChannel adopt(int fd) {
        if (!epoll) {
            throw new IllegalStateException("'fd@" + fd + "' needs the native epoll transport");
        }
        return new EpollServerSocketChannel(fd);
    }
}
