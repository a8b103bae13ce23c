package bascule.model;

/**
 * One {@code server} line after {@code default-server} settings were applied.
 * {@code id} is the configured or assigned numeric id (1-based, in declaration order when not set).
 * Health-check settings: {@code check} is the switch; {@code checks} says where and how the probe goes,
 * {@code agent} configures the agent check, {@code track} names a {@code backend/server} whose state this
 * server mirrors instead of checking itself. {@code cookie} is the server's persistence cookie value, or null.
 */
public record ServerSpec(String name, String host, int port, int id, int weight, boolean backup, boolean disabled,
                         int maxconn, boolean check, long inter, long fastinter, long downinter, int rise, int fall,
                         ServerCheckOptions checks, AgentSpec agent, long slowstart, String track,
                         OnMarkedDown onMarkedDown, OnMarkedUp onMarkedUp, Position position, String cookie) {

    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** What happens to live sessions when the server goes DOWN ({@code on-marked-down}). */
    public enum OnMarkedDown { NOTHING, SHUTDOWN_SESSIONS }

    /** What happens when the server comes back UP ({@code on-marked-up}). */
    public enum OnMarkedUp { NOTHING, SHUTDOWN_BACKUP_SESSIONS }
}
