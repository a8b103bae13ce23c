/**
 * The {@code bascule} command and process: HAProxy's command-line flags, signals, daemon mode, pidfile,
 * the demo, and {@link bascule.Instance}, which ties configuration, runtime and health checks together.
 */
package bascule;
