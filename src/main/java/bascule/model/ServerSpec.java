package bascule.model;

/**
 * One {@code server} line after {@code default-server} settings were applied.
 * {@code id} is the configured or assigned numeric id (1-based, in declaration order when not set).
 * Check settings are kept here for the health-check layer; {@code check} alone is the switch.
 */
public record ServerSpec(String name, String host, int port, int id, int weight, boolean backup, boolean disabled,
                         int maxconn, boolean check, long inter, long fastinter, long downinter, int rise, int fall,
                         Position position) {

    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
