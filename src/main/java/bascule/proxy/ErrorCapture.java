package bascule.proxy;

import java.net.InetSocketAddress;

/**
 * One invalid HTTP message as it was received, kept for the runtime API's {@code show errors}: a request a
 * frontend refused, or a response a backend refused.
 *
 * @param epochMillis when the fault was found
 * @param request true for a request (kept by the frontend), false for a response (kept by the backend)
 * @param event the process-wide event number, counted from 0 in the order faults were found
 * @param otherProxy the proxy at the other end: the backend of a request (null when none was chosen yet),
 *     the frontend of a response
 * @param server the server involved, or null
 * @param serverId that server's id, or -1
 * @param source the client's address, or null when unknown
 * @param bytes the message from its first byte, as much as had arrived, at most {@code tune.bufsize}
 * @param errorAt the offset in {@code bytes} where the parser stopped
 * @param bufsize {@code tune.bufsize}, which the dump reports the free space against
 */
public record ErrorCapture(long epochMillis, boolean request, int event, String otherProxy, String server,
                           int serverId, InetSocketAddress source, byte[] bytes, int errorAt, int bufsize) {
}
