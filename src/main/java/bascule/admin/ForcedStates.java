package bascule.admin;

import bascule.check.HealthChecks;
import bascule.proxy.Server;

/**
 * Forcing a server's health or agent verdict by hand, shared by the runtime API ({@code set server <b>/<s>
 * health|agent up|down}) and the stats page's admin form ({@code hrunn}, {@code hdown}, {@code arunn},
 * {@code adown}): the check's counter jumps to fully up or down, the server follows, and the change is logged
 * as HAProxy logs it, naming where it came from ("changed from CLI", "changed from Web interface").
 *
 * <p>The callers decide whether the change applies (HAProxy refuses tracking servers for health and servers
 * without an enabled agent for the agent); a server without a health check can still be forced, as in HAProxy.
 */
public final class ForcedStates {
    /** The origin the runtime API's changes are logged with. */
    public static final String CLI = "CLI";
    /** The origin the stats page's changes are logged with (HAProxy's capitalisation). */
    public static final String WEB = "Web interface";

    private ForcedStates() {
    }

    /** Forces the health verdict; the server's health check, if any, restarts from fully up or fully down. */
    public static void health(HealthChecks checks, Server sv, boolean up, String origin) {
        checks.forceHealth(sv, up);
        boolean wasRunning = sv.isRunning();
        boolean wasStopping = sv.isStopping();
        int queuedBefore = sv.backend().queued();
        if (!up) {
            announceDown(sv, wasRunning, origin);
        }
        sv.setHealthy(up);
        if (up) {
            announceUp(sv, wasRunning && !wasStopping, queuedBefore, origin); // NOLB to UP is announced too
        }
    }

    /**
     * Forces NOLB ({@code health stopping}, the form's {@code hnolb}): the health check restarts from fully up and
     * the server soft-stops, from UP or from DOWN; a server in maintenance keeps its state, as in HAProxy. A checked
     * server's next check result decides again (2xx/3xx brings it UP, a {@code disable-on-404} 404 keeps it NOLB).
     */
    public static void stopping(HealthChecks checks, Server sv, String origin) {
        checks.forceHealth(sv, true);
        if (sv.setStopping() && sv.isStopping()) {
            int[] online = sv.backend().usableCounts();
            sv.backend().messages().warning(name(sv) + " is stopping, changed from " + origin + ". "
                    + Cli.serverCounts(online[0], online[1], "online") + " 0 sessions requeued, 0 total in queue.");
        }
    }

    /** True when the server has an agent check that is enabled: only then can its verdict be forced. */
    public static boolean agentEnabled(HealthChecks checks, Server sv) {
        return checks.agentStatus(sv).filter(a -> a.enabled()).isPresent();
    }

    /** Forces the agent's verdict; callers check {@link #agentEnabled} first. */
    public static void agent(HealthChecks checks, Server sv, boolean up, String origin) {
        checks.forceAgent(sv, up);
        boolean wasRunning = sv.isRunning();
        int queuedBefore = sv.backend().queued();
        if (!up) {
            announceDown(sv, wasRunning, origin);
        }
        sv.setAgentUp(up);
        if (up) {
            announceUp(sv, wasRunning, queuedBefore, origin);
        }
    }

    /** "Server b/s is DOWN, changed from …" before the change, so it precedes any "no server" alert. */
    private static void announceDown(Server sv, boolean wasRunning, String origin) {
        if (!wasRunning) {
            return;
        }
        int[] left = sv.backend().usableCounts();
        if (sv.isUsable()) {
            left[sv.isBackup() ? 1 : 0]--;
        }
        String message = name(sv) + " is DOWN, changed from " + origin + ". "
                + Cli.serverCounts(left[0], left[1], "left") + " " + sv.currentConnections()
                + " sessions active, 0 requeued, 0 remaining in queue.";
        if (sv.isStopping() || sv.adminState() == bascule.proxy.AdminState.DRAIN) {
            sv.backend().messages().warningLoggedAsNotice(message); // no alert for a server already going away
        } else {
            sv.backend().messages().warning(message);
        }
    }

    private static void announceUp(Server sv, boolean wasRunning, int queuedBefore, String origin) {
        if (wasRunning || !sv.isRunning()) {
            return;
        }
        int[] online = sv.backend().usableCounts();
        int requeued = Math.max(0, queuedBefore - sv.backend().queued());
        sv.backend().messages().warning(name(sv) + " is UP, changed from " + origin + ". "
                + Cli.serverCounts(online[0], online[1], "online") + " " + requeued
                + " sessions requeued, 0 total in queue.");
    }

    private static String name(Server sv) {
        return (sv.isBackup() ? "Backup Server " : "Server ") + sv;
    }
}
