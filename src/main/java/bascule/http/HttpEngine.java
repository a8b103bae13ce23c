package bascule.http;

import bascule.model.Model;
import bascule.model.ProxySpec;
import bascule.proxy.Frontend;
import bascule.proxy.ProxyRuntime;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What HTTP sessions share, built once per configuration: each proxy's error pages and the userlists.
 * It is the runtime's {@link ProxyRuntime.HttpEngine}.
 */
public final class HttpEngine implements ProxyRuntime.HttpEngine {
    private final Map<String, ErrorPages> errorPages = new HashMap<>();
    private final Userlists userlists;
    private final HttpLimits limits;
    private volatile HttpServices services = HttpServices.NONE;

    public HttpEngine(Model model) {
        for (ProxySpec p : model.frontends()) {
            errorPages.put(p.name(), ErrorPages.of(p.errorFiles()));
        }
        for (ProxySpec p : model.backends()) {
            errorPages.putIfAbsent(p.name(), ErrorPages.of(p.errorFiles()));
        }
        this.userlists = Userlists.of(model.userlists());
        this.limits = new HttpLimits(model.global().bufsize(), model.global().maxHeaders());
    }

    @Override
    public Consumer<Runnable> install(ProxyRuntime runtime, Channel client, Frontend frontend) {
        return HttpSession.install(this, runtime, client, frontend);
    }

    /** The page for {@code code}: the backend's own (when one was chosen), else the frontend's, else built in. */
    ErrorPage errorPage(String frontend, String backend, int code) {
        return ErrorPages.select(backend == null ? null : errorPages.get(backend), errorPages.get(frontend), code);
    }

    /** Offers the stats page and the named services; set once, before the listeners start. */
    public void attach(HttpServices services) {
        this.services = services;
    }

    HttpServices services() {
        return services;
    }

    HttpLimits limits() {
        return limits;
    }

    Userlists userlists() {
        return userlists;
    }
}
