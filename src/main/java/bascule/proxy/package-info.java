/**
 * The live proxy: listeners, frontends, backends with their servers and queues, connection limits, and
 * the set-up of each stream (server choice, connect on the client's event loop, retries, redispatch).
 * Built from an immutable {@code bascule.model.Model}; uses {@code bascule.lb} to choose servers and
 * {@code bascule.tcp} to relay bytes. Must not read configuration text.
 */
package bascule.proxy;
