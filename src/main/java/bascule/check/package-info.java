/**
 * Health checks and the server health state machine. {@link bascule.check.CheckState} is HAProxy's
 * rise/fall health counter and its choice of {@code inter}/{@code fastinter}/{@code downinter}, in plain
 * Java; {@link bascule.check.HealthChecks} runs one probe loop per checked server on Netty event loops and
 * turns state changes into {@code Server.setHealthy} calls and HAProxy-worded messages.
 * Depends on {@code bascule.model} and {@code bascule.proxy} (servers, backends, transport, messages);
 * nothing outside this package depends on its internals, and it never reads configuration text.
 */
package bascule.check;
