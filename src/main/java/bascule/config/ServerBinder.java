package bascule.config;

import java.util.List;

/**
 * The options shared by {@code server} and {@code default-server} lines. Each option is either applied,
 * or rejected with its position; nothing is skipped silently.
 */
final class ServerBinder {
    static final List<String> OPTIONS = List.of("weight", "backup", "no-backup", "disabled", "enabled", "maxconn",
            "id", "check", "no-check", "inter", "fastinter", "downinter", "rise", "fall", "port", "addr",
            "check-send-proxy", "no-check-send-proxy", "slowstart", "track", "on-marked-down", "on-marked-up",
            "agent-check", "no-agent-check", "agent-port", "agent-inter", "agent-addr", "agent-send", "cookie");

    private ServerBinder() {
    }

    /** Applies options from word {@code start} on; {@code isDefault} forbids per-server ones like {@code id}. */
    static void apply(ConfigLine line, int start, ServerOptions o, boolean isDefault) throws ConfigException {
        for (int i = start; i < line.size(); i++) {
            String w = line.word(i);
            switch (w) {
                case "weight" -> o.weight = Words.integer(line, ++i, "weight", 0, 256);
                case "backup" -> o.backup = true;
                case "no-backup" -> o.backup = false;
                case "disabled" -> o.disabled = true;
                case "enabled" -> o.disabled = false;
                case "maxconn" -> o.maxconn = Words.integer(line, ++i, "maxconn", 0, Integer.MAX_VALUE);
                case "check" -> o.check = true;
                case "no-check" -> o.check = false;
                case "inter" -> o.inter = positive(line, ++i, "inter");
                case "fastinter" -> o.fastinter = positive(line, ++i, "fastinter");
                case "downinter" -> o.downinter = positive(line, ++i, "downinter");
                case "rise" -> o.rise = Words.integer(line, ++i, "rise", 1, 1_000_000);
                case "fall" -> o.fall = Words.integer(line, ++i, "fall", 1, 1_000_000);
                case "port" -> o.checkPort = Words.integer(line, ++i, "port", 1, 65535);
                case "addr" -> o.checkAddr = Words.required(line, ++i, "an address after 'addr'");
                case "check-send-proxy" -> o.checkSendProxy = true;
                case "no-check-send-proxy" -> o.checkSendProxy = false;
                case "slowstart" -> o.slowstart = Words.time(line, ++i, "slowstart");
                case "track" -> {
                    String t = Words.required(line, ++i, "'[<backend>/]<server>' after 'track'");
                    o.track = t;
                }
                case "on-marked-down" -> {
                    String a = Words.required(line, ++i, "an action after 'on-marked-down'");
                    if (!a.equals("shutdown-sessions")) {
                        throw new ConfigException(line.position(), "'on-marked-down' expects 'shutdown-sessions' "
                                + "but got '" + a + "'");
                    }
                    o.onMarkedDown = bascule.model.ServerSpec.OnMarkedDown.SHUTDOWN_SESSIONS;
                }
                case "on-marked-up" -> {
                    String a = Words.required(line, ++i, "an action after 'on-marked-up'");
                    if (!a.equals("shutdown-backup-sessions")) {
                        throw new ConfigException(line.position(), "'on-marked-up' expects 'shutdown-backup-sessions' "
                                + "but got '" + a + "'");
                    }
                    o.onMarkedUp = bascule.model.ServerSpec.OnMarkedUp.SHUTDOWN_BACKUP_SESSIONS;
                }
                case "agent-check", "no-agent-check", "agent-port", "agent-inter", "agent-addr", "agent-send" ->
                        i = AgentBinder.apply(line, i, o);
                case "cookie" -> {
                    if (isDefault) {
                        throw new ConfigException(line.position(), "'cookie' cannot be set on 'default-server'");
                    }
                    o.cookie = Words.required(line, ++i, "a cookie value after 'cookie'");
                }
                case "id" -> {
                    if (isDefault) {
                        throw new ConfigException(line.position(), "'id' cannot be set on 'default-server'");
                    }
                    o.id = Words.integer(line, ++i, "id", 1, Integer.MAX_VALUE);
                }
                default -> {
                    if (LaterFeatures.isKnownServerOption(w)) {
                        throw new ConfigException(line.position(), LaterFeatures.serverOption(w));
                    }
                    throw new ConfigException(line.position(), "unknown option '" + w + "' on '" + line.keyword()
                            + "' line" + Words.didYouMean(w, OPTIONS) + "; supported: " + String.join(", ", OPTIONS));
                }
            }
        }
    }

    private static long positive(ConfigLine line, int index, String what) throws ConfigException {
        long v = Words.time(line, index, what);
        if (v <= 0) {
            throw new ConfigException(line.position(), "'" + what + "' must be greater than 0");
        }
        return v;
    }
}
