package bascule.admin;

import bascule.model.Address;
import bascule.model.StatsSocketSpec;
import bascule.proxy.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listening sockets of the runtime API, one per {@code stats socket} line: a UNIX socket (a stale file
 * at the path is replaced, then the file gets the configured {@code mode}), an {@code ipv4@}/{@code ipv6@}
 * TCP address, or an inherited {@code fd@N}. Sessions run on the runtime's event loops; the commands are
 * short and never block.
 */
public final class StatsSockets implements AutoCloseable {
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    private StatsSockets() {
    }

    /** Binds every {@code stats socket} of the model; on failure closes what was bound and throws. */
    public static StatsSockets start(AdminContext ctx, EventLoopGroup group, Transport transport) throws IOException {
        StatsSockets s = new StatsSockets();
        RuntimeApi api = new RuntimeApi(ctx);
        long timeout = ctx.model().global().statsTimeout();
        try {
            for (StatsSocketSpec spec : ctx.model().global().statsSockets()) {
                s.bind(spec, api, timeout, group, transport);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void bind(StatsSocketSpec spec, RuntimeApi api, long timeout, EventLoopGroup group, Transport transport)
            throws IOException {
        Address a = spec.address();
        ServerBootstrap sb = new ServerBootstrap()
                .group(group, group)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("cli", new CliHandler(api::execute, spec.level(), timeout, open));
                    }
                });
        SocketAddress target;
        String text;
        switch (a.family()) {
            case UNIX -> {
                text = a.path();
                Path path = Path.of(a.path());
                Files.deleteIfExists(path);
                if (transport.isEpoll()) {
                    sb.channelFactory(transport.domainServerChannelFactory());
                    target = new DomainSocketAddress(a.path());
                } else {
                    sb.channelFactory((ChannelFactory<ServerChannel>) NioServerDomainSocketChannel::new);
                    target = UnixDomainSocketAddress.of(path);
                }
            }
            case FD -> {
                text = "fd@" + a.fd();
                ServerChannel adopted = transport.adopt(a.fd());
                sb.channelFactory(() -> adopted);
                target = null;
            }
            default -> {
                InetAddress host = InetAddress.getByName(a.anyHost()
                        ? a.family() == Address.Family.INET6 ? "::" : "0.0.0.0" : a.host());
                boolean v6 = host instanceof java.net.Inet6Address;
                sb.channelFactory(transport.serverChannelFactory(v6)).option(ChannelOption.SO_REUSEADDR, true);
                target = new InetSocketAddress(host, a.port());
                text = a.text();
            }
        }
        ChannelFuture f = target == null ? sb.register() : sb.bind(target);
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            String why = f.cause() == null ? "unknown error" : reason(f.cause());
            throw new IOException("Binding [" + spec.position() + "] for frontend GLOBAL: cannot bind "
                    + (a.family() == Address.Family.UNIX ? "UNIX socket" : "socket") + " (" + why + ") [" + text + "]");
        }
        channels.add(f.channel());
        if (a.family() == Address.Family.UNIX && spec.mode() >= 0) {
            Files.setPosixFilePermissions(Path.of(a.path()), permissions(spec.mode()));
        }
    }

    /** The bare system error ("No such file or directory") without Netty's call description. */
    private static String reason(Throwable cause) {
        String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        int colon = m.lastIndexOf(": ");
        return colon >= 0 && m.contains("(..) failed") ? m.substring(colon + 2) : m;
    }

    /** The permission bits of an octal mode such as 0660 (setuid, setgid and sticky are ignored). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                p.add(order[bit]);
            }
        }
        return p;
    }

    /** Where the sockets listen (the kernel's choice for port 0), in configuration order. */
    public List<SocketAddress> boundAddresses() {
        List<SocketAddress> out = new ArrayList<>();
        for (Channel c : channels) {
            out.add(c.localAddress());
        }
        return out;
    }

    /** Stats socket sessions open now. */
    public int openSessions() {
        return open.get();
    }

    /**
     * Stops listening. The socket file stays: a newer process reloading with {@code -sf} may already have
     * replaced it with its own, which must keep working.
     */
    @Override
    public void close() {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly();
        }
        channels.clear();
    }
}
