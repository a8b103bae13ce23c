package bascule.check;

import java.nio.charset.StandardCharsets;

/**
 * HAProxy's wording for a server that a health check marks DOWN or UP ({@code srv_update_status()} in
 * {@code src/server.c}), so that log watchers written for HAProxy keep working:
 *
 * <pre>
 * Server b/s is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
 * Backup Server b/s is UP, reason: Layer4 check passed, check duration: 0ms. 0 active and 1 backup servers online. Running on backup. 0 sessions requeued, 0 total in queue.
 * Server b/s is DOWN, reason: Layer7 wrong status, code: 503, info: "Service Unavailable", check duration: 1ms. ...
 * </pre>
 *
 * With {@code option log-health-checks} each result was already logged with its reason
 * ({@link #checkResult}), so the state change itself carries none ({@code result} null).
 *
 * Server counts are those after the change. The queue figures are the server's own queue in HAProxy;
 * Bascule queues per backend, so "remaining"/"total in queue" are 0 and "requeued" counts the backend's
 * queued streams that a server coming UP took.
 */
final class StateChangeMessages {
    private StateChangeMessages() {
    }

    static String down(String backend, String server, boolean backup, CheckResult result, int active, int backups,
                       int sessionsActive, int requeued, int remaining) {
        return head(backend, server, backup, "DOWN", result)
                + ". " + active + " active and " + backups + " backup servers left." + runningOnBackup(active, backups)
                + " " + sessionsActive + " sessions active, " + requeued + " requeued, " + remaining
                + " remaining in queue.";
    }

    static String up(String backend, String server, boolean backup, CheckResult result, int active, int backups,
                     int requeued, int totalInQueue) {
        return head(backend, server, backup, "UP", result)
                + ". " + active + " active and " + backups + " backup servers online." + runningOnBackup(active, backups)
                + " " + requeued + " sessions requeued, " + totalInQueue + " total in queue.";
    }

    /**
     * A server entering NOLB: "Server b/s is stopping, reason: Layer7 check conditionally passed, code: 404, check
     * duration: 1ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue." The counts
     * leave the stopping server out; Bascule queues per backend, so nothing is requeued from it.
     */
    static String stopping(String backend, String server, boolean backup, CheckResult result, int active,
                           int backups) {
        return head(backend, server, backup, "stopping", result)
                + ". " + active + " active and " + backups + " backup servers online." + runningOnBackup(active, backups)
                + " 0 sessions requeued, 0 total in queue.";
    }

    /** {@code result} null: the reason was already logged by {@code option log-health-checks}, so none here. */
    private static String head(String backend, String server, boolean backup, String state, CheckResult result) {
        StringBuilder b = new StringBuilder();
        b.append(backup ? "Backup Server " : "Server ").append(backend).append('/').append(server)
                .append(" is ").append(state);
        if (result != null) {
            appendReason(b, result);
        }
        return b.toString();
    }

    /** ", reason: ..., code: N, info: \"...\", check duration: Nms" as HAProxy's {@code srv_append_status()}. */
    private static void appendReason(StringBuilder b, CheckResult result) {
        b.append(", reason: ").append(result.status().description());
        if (result.status().showsCode()) {
            b.append(", code: ").append(result.code());
        }
        if (!result.info().isEmpty()) {
            b.append(", info: \"").append(asciiEncode(result.info(), '"')).append('"');
        }
        if (result.durationMillis() >= 0) {
            b.append(", check duration: ").append(result.durationMillis()).append("ms");
        }
    }

    /**
     * The line {@code option log-health-checks} writes for a check result that changed the status or the
     * health counter ({@code set_server_check_status()} in {@code src/check.c}):
     * <pre>
     * Health check for server b/s failed, reason: Layer7 wrong status, code: 503, info: "Service Unavailable", check duration: 2ms, status: 2/3 UP.
     * </pre>
     * The counter part is "checks left before DOWN / fall" while UP and "checks passed / rise" while DOWN;
     * an UP server with weight 0 shows DRAIN.
     */
    static String checkResult(String backend, String server, boolean backup, CheckResult result, int health,
                              int rise, int fall, boolean drain) {
        StringBuilder b = new StringBuilder("Health check for ");
        b.append(backup ? "backup server " : "server ").append(backend).append('/').append(server)
                .append(result.status() == CheckStatus.L7OKC ? " conditionally succeeded"
                        : result.passed() ? " succeeded" : " failed");
        appendReason(b, result);
        boolean up = health >= rise;
        b.append(", status: ").append(up ? health - rise + 1 : health).append('/').append(up ? fall : rise)
                .append(' ').append(up ? (drain ? "DRAIN" : "UP") : "DOWN").append('.');
        return b.toString();
    }

    private static String runningOnBackup(int active, int backups) {
        return backups > 0 && active == 0 ? " Running on backup." : "";
    }

    /** As HAProxy's {@code chunk_asciiencode}: non-printable bytes, '&lt;', '&gt;' and the quote become {@code <XX>}. */
    static String asciiEncode(String text, char quote) {
        StringBuilder b = new StringBuilder(text.length());
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x20 || c >= 0x7f || c == '<' || c == '>' || c == quote) {
                b.append('<').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16))).append('>');
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
