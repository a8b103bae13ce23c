/**
 * The L4 relay: byte copying between a client and a server channel with backpressure, half-close
 * propagation and idle timeouts. Knows nothing of configuration files or balancing.
 */
package bascule.tcp;
