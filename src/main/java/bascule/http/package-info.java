/**
 * HTTP mode: HTTP/1 glue on Netty's codec, the HTTP session and transaction (routing, server connection
 * reuse, keep-alive, tunnels), request/response rules and error pages. Depends on bascule.proxy, bascule.lb,
 * bascule.sample and bascule.model; must not depend on bascule.config.
 */
package bascule.http;
