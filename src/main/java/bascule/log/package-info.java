/**
 * Logging: syslog senders for the {@code log} targets, never blocking the caller. Depends on
 * {@code bascule.model} and {@code bascule.proxy.Messages}; the traffic log formats arrive here later.
 */
package bascule.log;
