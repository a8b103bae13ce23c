package bascule.check;

/**
 * What the stats show of one server's agent check: whether it runs ({@code disable agent} pauses it), the
 * agent's verdict on health, and the last outcome with HAProxy's status code ("L7OK", "CHECKED"…), its
 * description, the detail text ({@code via agent : up}…) and how long it took (-1 before the first).
 */
public record AgentSnapshot(boolean enabled, boolean healthy, String status, String description, String info,
                            long durationMillis, boolean showsCode) {
}
