package bascule.sample;

import java.net.InetSocketAddress;

/**
 * What fetches read: the facts of one stream and, in HTTP mode, of its current transaction. The HTTP
 * transaction implements it (and a TCP stream does for the layer-4 fetches). Calls happen on the stream's
 * event loop; implementations need not be thread-safe.
 */
public interface SampleContext {

    /** The client's address ({@code src}, {@code src_port}); null for a UNIX-socket client. */
    InetSocketAddress source();

    /** The address the client connected to ({@code dst}, {@code dst_port}); null when unknown. */
    InetSocketAddress destination();

    /** The request, or null in TCP mode. */
    HttpMessageView request();

    /** The response, or null before a response head arrived (request rules, TCP mode). */
    HttpMessageView response();

    /** {@code fe_name}. */
    String frontendName();

    /** {@code be_name}: the backend chosen so far, or null. */
    String backendName();

    /** {@code srv_name}: the server chosen so far, or null. */
    String serverName();

    /** {@code nbsrv(backend)}: usable servers of a backend, or -1 if there is no such backend. */
    int usableServers(String backend);

    /** {@code ssl_fc}: the client connection is TLS. */
    boolean tlsFrontend();

    /** The variables of this stream and transaction ({@code var()}, {@code set-var}). */
    Variables variables();

    /**
     * {@code http_auth(userlist)} / {@code http_auth_group(userlist)}: checks the request's Basic
     * credentials against a userlist; returns the user name when they are valid, else null.
     */
    String authenticatedUser(String userlist);

    /** The groups of a user of a userlist ({@code http_auth_group}); empty when unknown. */
    java.util.Set<String> groupsOf(String userlist, String user);
}
