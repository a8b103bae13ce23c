package bascule.check;

/**
 * HAProxy's wording for what an agent check changes ({@code srv_update_status()} and
 * {@code srv_append_status()} in {@code src/server.c}, {@code set_server_check_status()} in
 * {@code src/check.c}), so log watchers written for HAProxy keep working. Examples:
 *
 * <pre>
 * Server b/s is DOWN, reason: Layer7 wrong status, code: 0, info: "via agent : down (disk full)", check duration: 1ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
 * Server b/s is UP, reason: Layer7 check passed, code: 0, info: "via agent : up", check duration: 1ms. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
 * Agent check for server b/s failed, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms, status: 1/1 UP.
 * </pre>
 *
 * Admin changes ({@code ready}, {@code drain}, {@code maint}) are logged by {@code Server.setAdminState},
 * whoever asks for them. Server counts are those after the change; the queue figures are 0 because
 * Bascule queues per backend, as in {@link StateChangeMessages}.
 */
final class AgentMessages {
    private AgentMessages() {
    }

    /** One finished agent check: status, description ({@code via agent : up}, an errno text…), duration. */
    record Result(CheckStatus status, String info, long durationMillis) {
        Result {
            info = info == null ? "" : info;
        }
    }

    static String down(String backend, String server, boolean backup, Result cause, String via, int active,
                       int backups, int sessionsActive) {
        return head(backup, backend, server, " is DOWN") + cause(cause, via) + left(active, backups, sessionsActive)
                + ".";
    }

    static String up(String backend, String server, boolean backup, Result cause, String via, int active,
                     int backups, int requeued) {
        return head(backup, backend, server, " is UP") + cause(cause, via) + online(active, backups, requeued)
                + ".";
    }

    /**
     * The {@code option log-health-checks} line for a check whose status or health changed. The agent's
     * rise and fall are both 1, so its health reads {@code 1/1 UP} (or {@code DRAIN} at weight 0) or
     * {@code 0/1 DOWN}.
     */
    static String report(String backend, String server, boolean backup, Result result, boolean agentUp,
                         int weight) {
        boolean passed = result.status() == CheckStatus.L7OK;
        return "Agent check for " + (backup ? "backup " : "") + "server " + backend + "/" + server + " "
                + (passed ? "succeeded" : "failed") + cause(result, null) + ", status: "
                + (agentUp ? "1/1 " + (weight > 0 ? "UP" : "DRAIN") : "0/1 DOWN") + ".";
    }

    private static String head(boolean backup, String backend, String server, String what) {
        return (backup ? "Backup Server " : "Server ") + backend + "/" + server + what;
    }

    /** The check's own account when it caused the change, else " via b/s" for a tracking server. */
    private static String cause(Result r, String via) {
        if (r == null) {
            return via == null ? "" : " via " + via;
        }
        StringBuilder b = new StringBuilder(", reason: ").append(r.status().description());
        if (r.status().showsCode()) {
            b.append(", code: 0");
        }
        if (!r.info().isEmpty()) {
            b.append(", info: \"").append(StateChangeMessages.asciiEncode(r.info(), '"')).append('"');
        }
        if (r.durationMillis() >= 0) {
            b.append(", check duration: ").append(r.durationMillis()).append("ms");
        }
        return b.toString();
    }

    private static String left(int active, int backups, int sessionsActive) {
        return ". " + active + " active and " + backups + " backup servers left." + runningOnBackup(active, backups)
                + " " + sessionsActive + " sessions active, 0 requeued, 0 remaining in queue";
    }

    private static String online(int active, int backups, int requeued) {
        return ". " + active + " active and " + backups + " backup servers online." + runningOnBackup(active, backups)
                + " " + requeued + " sessions requeued, 0 total in queue";
    }

    private static String runningOnBackup(int active, int backups) {
        return backups > 0 && active == 0 ? " Running on backup." : "";
    }
}
