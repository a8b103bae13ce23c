package bascule.http;

import bascule.sample.SampleContext;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;

/**
 * What the HTTP engine gives to rule execution beyond the sample facts: error pages and the few
 * transaction settings rules may change. One per transaction; called on its event loop.
 */
public interface RuleContext extends SampleContext {

    /**
     * The name of the proxy whose rules run now (the frontend for frontend rules, the backend for backend
     * rules): the default realm of {@code auth}.
     */
    String proxyName();

    /**
     * The proxy's error page for {@code status} (one of 200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425,
     * 429, 500, 501, 502, 503, 504), as a fresh object on each call: the caller owns and releases it.
     */
    FullHttpResponse errorPage(int status);

    /** {@code set-src}: the client address that fetches and logs see from now on. */
    void setSource(InetSocketAddress source);

    /** {@code set-log-level}: a syslog level name ({@code emerg} .. {@code debug}) or {@code silent}. */
    void setLogLevel(String level);

    /**
     * {@code capture}: stores {@code value} (already cut to the slot's length) in request capture slot
     * {@code slot}, or response slot when {@code response}.
     */
    void capture(int slot, String value, boolean response);
}
