package bascule.http;

import bascule.model.ProxySpec;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The services a running configuration offers to HTTP sessions: the stats page a proxy intercepts (checked
 * after that proxy's http-request rules, so that a deny rule still guards it), and the services named by
 * {@code http-request use-service}.
 */
public interface HttpServices {
    /** The service that takes this request in {@code proxy} (its stats page when the URI matches), or null. */
    HttpService intercept(ProxySpec proxy, HttpRequest request);

    /** The service called {@code name} in {@code http-request use-service}, or null. */
    HttpService named(String name);

    /** No service at all. */
    HttpServices NONE = new HttpServices() {
        @Override
        public HttpService intercept(ProxySpec proxy, HttpRequest request) {
            return null;
        }

        @Override
        public HttpService named(String name) {
            return null;
        }
    };
}
