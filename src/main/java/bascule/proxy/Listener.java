package bascule.proxy;

import bascule.model.Address;
import bascule.model.BindSpec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The listening sockets of one {@code bind} line (one per address and port of its list). Accepted channels
 * are handed to the runtime with auto-read off, so nothing is read before a server is connected.
 */
final class Listener {
    private final BindSpec bind;
    private final Frontend frontend;
    private final ConnectionLimiter limiter;
    private final List<Channel> channels = new java.util.concurrent.CopyOnWriteArrayList<>();

    Listener(BindSpec bind, Frontend frontend) {
        this.bind = bind;
        this.frontend = frontend;
        this.limiter = new ConnectionLimiter(bind.maxconn());
    }

    BindSpec bind() {
        return bind;
    }

    Frontend frontend() {
        return frontend;
    }

    ConnectionLimiter limiter() {
        return limiter;
    }

    List<Channel> channels() {
        return channels;
    }

    /** Binds every address; on failure, closes what was bound and throws with HAProxy's wording. */
    void start(ProxyRuntime runtime, EventLoopGroup group) throws BindException {
        Transport t = runtime.transport();
        boolean clientKa = frontend.spec().clientKeepAlive();
        for (Address a : bind.addresses()) {
            for (int port = a.portLow(); port <= a.portHigh(); port++) {
                ServerBootstrap sb = new ServerBootstrap()
                        .group(group, group)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                        .childHandler(new ChannelInitializer<>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                runtime.accepted(ch, Listener.this);
                            }
                        });
                SocketAddress target;
                String text;
                switch (a.family()) {
                    case UNIX -> {
                        sb.channelFactory(t.domainServerChannelFactory());
                        new File(a.path()).delete();
                        target = new DomainSocketAddress(a.path());
                        text = a.path();
                    }
                    case FD -> {
                        ServerChannel adopted = t.adopt(a.fd());
                        sb.channelFactory(() -> adopted);
                        target = null;
                        text = "fd@" + a.fd();
                    }
                    default -> {
                        InetSocketAddress isa = inet(a, port);
                        boolean v6 = isa.getAddress() instanceof java.net.Inet6Address;
                        sb.channelFactory(t.serverChannelFactory(v6));
                        // Netty enables TCP_NODELAY by default; SO_KEEPALIVE costs a syscall only when asked for.
                        if (clientKa) {
                            sb.childOption(ChannelOption.SO_KEEPALIVE, true);
                        }
                        if (t.isEpoll()) {
                            sb.option(EpollChannelOption.SO_REUSEPORT, true);
                        }
                        target = isa;
                        text = (a.anyHost() && !v6 ? "0.0.0.0" : isa.getAddress().getHostAddress()) + ":" + port;
                    }
                }
                ChannelFuture f;
                if (target == null) {
                    f = sb.register();
                } else {
                    f = sb.bind(target);
                }
                f.awaitUninterruptibly();
                if (!f.isSuccess()) {
                    stop();
                    String why = f.cause() == null ? "unknown error" : f.cause().getMessage();
                    throw new BindException("Starting " + frontend.spec().kind().keyword() + " "
                            + frontend.name() + ": cannot bind socket (" + why + ") [" + text + "]");
                }
                channels.add(f.channel());
                if (a.family() == Address.Family.FD) {
                    break;
                }
            }
        }
    }

    private InetSocketAddress inet(Address a, int port) throws BindException {
        try {
            if (a.anyHost()) {
                // v4v6 only matters for IPv6 sockets; '*' stays an IPv4 socket, as in HAProxy.
                boolean v6 = a.family() == Address.Family.INET6 || "::".equals(a.host());
                return new InetSocketAddress(InetAddress.getByName(v6 ? "::" : "0.0.0.0"), port);
            }
            return new InetSocketAddress(InetAddress.getByName(a.host()), port);
        } catch (java.net.UnknownHostException e) {
            throw new BindException("Starting frontend " + frontend.name() + ": cannot resolve bind address '"
                    + a.host() + "' [" + a + "]");
        }
    }

    void setAccepting(boolean on) {
        for (Channel c : channels) {
            if (c.config().isAutoRead() != on) {
                c.config().setAutoRead(on);
            }
        }
    }

    void stop() {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly();
        }
        channels.clear();
    }

    /** A bind that failed, worded as HAProxy words it. */
    static final class BindException extends Exception {
        BindException(String message) {
            super(message);
        }
    }
}
