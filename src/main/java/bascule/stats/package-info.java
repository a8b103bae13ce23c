/**
 * What HTTP clients read of the running process: the stats page (HTML, CSV, JSON, with its admin form) and the
 * Prometheus exporter, offered to HTTP sessions as {@link bascule.http.HttpService}s through
 * {@link bascule.stats.StatsServices}. The figures are the runtime API's ({@code show stat}), so the three views
 * always agree. Depends on {@code admin}, {@code http}, {@code proxy} and {@code model}; nothing depends on it but
 * the process start-up.
 */
package bascule.stats;
