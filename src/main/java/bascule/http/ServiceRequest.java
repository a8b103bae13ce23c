package bascule.http;

import bascule.model.ProxySpec;
import bascule.sample.SampleContext;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;

/**
 * What a {@link HttpService} answers: the request head (after the proxy's rules), its whole body, the proxy
 * that sent it to the service, the client, and the transaction as a sample context (for conditions such as
 * {@code stats admin if LOCALHOST}).
 */
public record ServiceRequest(HttpRequest head, byte[] body, ProxySpec proxy, InetSocketAddress client,
                             SampleContext context) {
}
