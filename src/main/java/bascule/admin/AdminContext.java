package bascule.admin;

import bascule.check.HealthChecks;
import bascule.model.Model;
import bascule.model.ProxySpec;
import bascule.proxy.Backend;
import bascule.proxy.Frontend;
import bascule.proxy.ProxyRuntime;
import bascule.proxy.Server;
import java.util.List;

/**
 * What the runtime API works on: the model it was built from, the live runtime and its health checks, and
 * process facts for {@code show info} (version, event-loop count, start time). Proxy ids are HAProxy's: in
 * declaration order, the first proxy being 2 (HAProxy 2.6 gives 1 to an internal proxy).
 */
public record AdminContext(Model model, ProxyRuntime runtime, HealthChecks checks, String version, int threads,
                           long startMillis) {
    /**
     * The id of the first declared proxy, as HAProxy 2.6 numbers them: 2 when a {@code stats socket} is declared
     * (HAProxy's CLI frontend takes id 1), else 1 (verified on 2.6.12).
     */
    public int firstProxyId() {
        return model.global().statsSockets().isEmpty() ? 1 : 2;
    }

    /** The proxy id ({@code iid}) of a frontend, backend or listen section. */
    public int proxyId(String name) {
        List<ProxySpec> proxies = model.proxies();
        for (int i = 0; i < proxies.size(); i++) {
            if (proxies.get(i).name().equals(name)) {
                return firstProxyId() + i;
            }
        }
        return 0;
    }

    /** The proxy with this id, or null. */
    public ProxySpec proxyById(int id) {
        int i = id - firstProxyId();
        return i >= 0 && i < model.proxies().size() ? model.proxies().get(i) : null;
    }

    Backend backend(String name) {
        return runtime.backends().get(name);
    }

    Frontend frontend(String name) {
        return runtime.frontends().get(name);
    }

    /** The server a {@code track} line points at, following chains; the server itself when it tracks nothing. */
    Server trackedRoot(Server s) {
        Server cur = s;
        for (int hops = 0; hops < 16 && cur.spec().track() != null; hops++) {
            String t = cur.spec().track();
            int slash = t.indexOf('/');
            Backend b = slash < 0 ? cur.backend() : backend(t.substring(0, slash));
            Server next = b == null ? null : b.server(slash < 0 ? t : t.substring(slash + 1));
            if (next == null) {
                break;
            }
            cur = next;
        }
        return cur;
    }

    /**
     * HAProxy's {@code fullconn} default, shown as a backend's {@code slim}: a tenth (rounded up) of the
     * sum of the {@code maxconn} of the frontends that can send traffic to it, at least 1.
     */
    int fullconn(Backend backend) {
        long sum = 0;
        for (Frontend f : runtime.frontends().values()) {
            ProxySpec p = f.spec();
            boolean reaches = backend.name().equals(p.defaultBackend())
                    || p.useBackends().stream().anyMatch(u -> u.dynamic() != null || backend.name().equals(u.backend()))
                    || p.kind().isBackend() && p.name().equals(backend.name());
            if (reaches) {
                sum += f.maxConnections() > 0 ? f.maxConnections() : runtime.globalMaxconn();
            }
        }
        // A backend no frontend reaches still gets 1, as HAProxy gives it.
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (sum + 9) / 10));
    }
}
