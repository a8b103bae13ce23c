package bascule.stats;

import bascule.admin.AdminContext;
import bascule.http.HttpService;
import bascule.http.HttpServices;
import bascule.model.ProxySpec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The services of one running configuration: each proxy's stats page, selected by its {@code stats uri}
 * prefix, and {@code prometheus-exporter} for {@code http-request use-service}.
 */
public final class StatsServices implements HttpServices {
    private final AdminContext ctx;

    private StatsServices(AdminContext ctx) {
        this.ctx = ctx;
    }

    public static StatsServices of(AdminContext ctx) {
        return new StatsServices(ctx);
    }

    @Override
    public HttpService intercept(ProxySpec proxy, HttpRequest request) {
        if (proxy.stats() == null || !PageRequest.matches(proxy.stats(), request.uri())) {
            return null;
        }
        // As HAProxy: other methods on the stats URI are not the page's; they go on to the servers.
        HttpMethod m = request.method();
        if (!m.equals(HttpMethod.GET) && !m.equals(HttpMethod.HEAD) && !m.equals(HttpMethod.POST)) {
            return null;
        }
        return new StatsPage(ctx, proxy.stats());
    }

    @Override
    public HttpService named(String name) {
        return name.equals("prometheus-exporter") ? new PrometheusExporter(ctx) : null;
    }
}
