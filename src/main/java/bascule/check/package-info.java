/**
 * Health checks and the server health state machine. {@link bascule.check.CheckState} is HAProxy's
 * rise/fall health counter and its choice of {@code inter}/{@code fastinter}/{@code downinter}, in plain
 * Java; {@link bascule.check.HealthChecks} runs one probe loop per checked server on Netty event loops and
 * turns state changes into {@code Server.setHealthy} calls and HAProxy-worded messages. What a probe says
 * is a {@code CheckScript} (compiled from the backend's {@code HealthCheckSpec} by {@code CheckScripts}: a
 * plain connect, a tcp-check or http-check script, or one of {@code ProtocolProbes}), run by a
 * {@code ScriptProbe} step by step as HAProxy's {@code tcpcheck_main()} does.
 * Depends on {@code bascule.model} and {@code bascule.proxy} (servers, backends, transport, messages);
 * nothing outside this package depends on its internals, and it never reads configuration text.
 */
package bascule.check;
