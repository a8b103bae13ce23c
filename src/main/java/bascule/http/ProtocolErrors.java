package bascule.http;

import bascule.proxy.ErrorCapture;
import bascule.proxy.Frontend;
import bascule.proxy.ProxyRuntime;
import bascule.proxy.Server;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * Keeps refused messages for {@code show errors}: a request on its frontend, a response on its backend,
 * numbered by the runtime's event counter. Only a fault in the bytes counts (the codec attached them to the
 * {@link HttpError}); a peer closing in the middle of a message is not captured, as in HAProxy.
 */
final class ProtocolErrors {
    private ProtocolErrors() {
    }

    /**
     * A request the frontend refused. Its backend and server are named once a server took the request:
     * HAProxy parses what arrived with the head before routing it, so a fault in the same read as the head
     * has none.
     */
    static void request(ProxyRuntime runtime, Frontend frontend, HttpTxn txn, Channel client, HttpError e,
                        int bufsize) {
        if (e.raw() == null) {
            return;
        }
        Server server = txn == null ? null : txn.server();
        InetSocketAddress src = txn != null ? txn.source()
                : client.remoteAddress() instanceof InetSocketAddress a ? a : null;
        frontend.errors().record(new ErrorCapture(System.currentTimeMillis(), true, runtime.nextErrorEvent(),
                server == null ? null : txn.backend().name(), server == null ? null : server.name(),
                server == null ? -1 : server.id(), src, e.raw().bytes(), e.raw().errorAt(), bufsize));
    }

    /** A response a server of the transaction's backend sent and the backend refused. */
    static void response(ProxyRuntime runtime, HttpTxn txn, HttpError e, int bufsize) {
        if (e.raw() == null || txn.backend() == null) {
            return;
        }
        Server server = txn.server();
        txn.backend().errors().record(new ErrorCapture(System.currentTimeMillis(), false,
                runtime.nextErrorEvent(), txn.frontend().name(), server == null ? null : server.name(),
                server == null ? -1 : server.id(), txn.source(), e.raw().bytes(), e.raw().errorAt(), bufsize));
    }
}
