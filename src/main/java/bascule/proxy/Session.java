package bascule.proxy;

import bascule.tcp.TcpStream;

/**
 * One established stream as the runtime API lists it ({@code show sess}): a process-unique id (what
 * {@code shutdown session} takes), the frontend it came in on, the backend and server it goes to, and when it
 * was accepted.
 */
public record Session(long id, TcpStream stream, Frontend frontend, Backend backend, Server server,
                      long startNanos) {

    /** Closes both sides at once, on the stream's own event loop. */
    public void shutdown() {
        stream.client().eventLoop().execute(stream::abort);
    }
}
