package bascule.model;

import bascule.sample.Format;
import java.util.List;

/**
 * The HTTP-mode settings of a proxy other than its rules. {@code connectionMode} is the result of the
 * {@code option http-keep-alive|http-server-close|httpclose} family; {@code reuse} is {@code http-reuse}.
 */
public record HttpSettings(ConnectionMode connectionMode, boolean pretendKeepAlive, Reuse reuse,
                           ForwardFor forwardFor, ForwardFor originalTo, CookieSpec cookie,
                           List<UseServerRule> useServers, String monitorUri, Format uniqueIdFormat,
                           String uniqueIdHeader, boolean bufferRequest) {
    public enum ConnectionMode { KEEP_ALIVE, SERVER_CLOSE, CLOSE }

    public enum Reuse { NEVER, SAFE, AGGRESSIVE, ALWAYS }

    public static final HttpSettings DEFAULT = new HttpSettings(ConnectionMode.KEEP_ALIVE, false, Reuse.SAFE, null,
            null, null, List.of(), null, null, null, false);

    public HttpSettings {
        useServers = List.copyOf(useServers);
    }
}
