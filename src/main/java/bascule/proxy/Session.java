package bascule.proxy;

import io.netty.channel.Channel;

/**
 * One established stream as the runtime API lists it ({@code show sess}): a process-unique id (what
 * {@code shutdown session} takes), the client channel, the frontend it came in on, the backend and server it
 * goes to, and when it was accepted. {@code abort} closes both sides at once; it runs on the client's event
 * loop. A TCP stream is one session for its whole life; an HTTP transaction is one while a server serves it.
 */
public record Session(long id, Channel client, Runnable abort, Frontend frontend, Backend backend, Server server,
                      long startNanos) {

    /** Closes both sides at once, on the stream's own event loop. */
    public void shutdown() {
        client.eventLoop().execute(abort);
    }
}
