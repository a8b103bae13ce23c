package bascule;

import bascule.admin.AdminContext;
import bascule.admin.StatsSockets;
import bascule.check.HealthChecks;
import bascule.config.ConfigBinder;
import bascule.config.ConfigErrors;
import bascule.config.ConfigException;
import bascule.config.ConfigFile;
import bascule.config.ConfigParser;
import bascule.model.Model;
import bascule.proxy.Messages;
import bascule.proxy.ProxyRuntime;
import bascule.proxy.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running Bascule: event loops plus a runtime built from a configuration. Used by {@link Main}, by the
 * demo and by tests, which start it on ephemeral loopback ports and stop it when done.
 */
public final class Instance implements AutoCloseable {
    private final Model model;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ProxyRuntime runtime;
    private final HealthChecks checks;
    private final StatsSockets statsSockets;
    private final bascule.log.LogSender logSender;

    private Instance(Model model, Transport transport, EventLoopGroup group, ProxyRuntime runtime,
                     HealthChecks checks, StatsSockets statsSockets, bascule.log.LogSender logSender) {
        this.model = model;
        this.transport = transport;
        this.group = group;
        this.runtime = runtime;
        this.checks = checks;
        this.statsSockets = statsSockets;
        this.logSender = logSender;
    }

    /** Parses and binds configuration files (or directories). */
    public static Model load(List<Path> paths) throws ConfigErrors, IOException {
        ConfigFile file;
        try {
            file = ConfigParser.parseFiles(paths, System::getenv);
        } catch (ConfigException e) {
            throw ConfigErrors.of(e);
        }
        return ConfigBinder.bind(file);
    }

    /** Parses and binds configuration text (tests, demo). */
    public static Model parse(String text, String name) throws ConfigErrors {
        ConfigFile file;
        try {
            file = ConfigParser.parse(text, name, System::getenv);
        } catch (ConfigException e) {
            throw ConfigErrors.of(e);
        }
        return ConfigBinder.bind(file);
    }

    /** Builds and starts listening. On failure nothing is left running. */
    public static Instance start(Model model, Messages messages) throws Exception {
        Transport transport = Transport.choose(model.global().noEpoll());
        int threads = model.global().nbthread() > 0 ? model.global().nbthread()
                : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = transport.newGroup(threads, "bascule");
        try {
            long startMillis = System.currentTimeMillis();
            bascule.http.HttpEngine http = new bascule.http.HttpEngine(model);
            bascule.log.LogSender logSender = new bascule.log.LogSender();
            ProxyRuntime runtime;
            try {
                runtime = ProxyRuntime.build(model, transport, group, messages, http,
                        p -> new bascule.log.TrafficLog(p, logSender, model.global().logTag()));
            } catch (Exception e) {
                logSender.close();
                throw e;
            }
            HealthChecks checks = HealthChecks.start(runtime.backends().values(), group, transport, messages);
            AdminContext admin = new AdminContext(model, runtime, checks, BuildInfo.version(), threads, startMillis);
            http.attach(bascule.stats.StatsServices.of(admin));
            StatsSockets stats;
            try {
                runtime.start();
                stats = StatsSockets.start(admin, group, transport);
            } catch (Exception e) {
                checks.stop();
                runtime.stopListening();
                logSender.close();
                throw e;
            }
            return new Instance(model, transport, group, runtime, checks, stats, logSender);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public Model model() {
        return model;
    }

    public Transport transport() {
        return transport;
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public List<SocketAddress> boundAddresses() {
        return runtime.boundAddresses();
    }

    /**
     * Soft stop: stop accepting, let live streams finish within {@code maxMillis} (0 = no bound), then
     * close what is left. Returns true if every stream finished by itself.
     */
    public boolean softStop(long maxMillis) throws InterruptedException {
        runtime.stopListening();
        boolean drained = runtime.awaitDrained(maxMillis);
        close();
        return drained;
    }

    public HealthChecks checks() {
        return checks;
    }

    /** The runtime API listeners ({@code stats socket}). */
    public StatsSockets statsSockets() {
        return statsSockets;
    }

    @Override
    public void close() {
        statsSockets.close();
        checks.stop();
        runtime.stopListening();
        runtime.abortAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        logSender.close(); // after the streams, whose last lines it still sends
    }
}
