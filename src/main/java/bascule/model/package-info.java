/**
 * Immutable records produced by binding a configuration: what the user asked for, already validated
 * and with {@code defaults} applied. Knows nothing of Netty, sockets or live state.
 */
package bascule.model;
