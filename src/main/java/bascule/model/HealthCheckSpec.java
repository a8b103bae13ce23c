package bascule.model;

import java.util.List;

/**
 * A backend's health-check probe. {@link #CONNECT} (no check option) is the plain TCP connect.
 * For {@link CheckKind#TCP_CHECK} and {@link CheckKind#HTTP}, {@code rules} are the script's steps in order,
 * complete and compiled by the binder: the implicit leading connect, the request of {@code option httpchk}
 * merged with {@code http-check send}, and the implicit "2xx or 3xx" expectation are already there.
 * The protocol probes carry only their parameters: {@code user} for {@code mysql-check} and
 * {@code pgsql-check}, {@code mysqlPre41} for {@code mysql-check ... pre-41}, and {@code smtpHello}
 * ("EHLO domain" or "HELO domain") for {@code smtpchk}; the runtime knows their conversation.
 * {@code disableOn404} is {@code http-check disable-on-404}: an HTTP check answered 404 by a server that is
 * not stopped soft-stops it (NOLB) instead of failing; only HTTP checks carry it.
 */
public record HealthCheckSpec(CheckKind kind, List<CheckRule> rules, String user, boolean mysqlPre41,
                              String smtpHello, Position position, boolean disableOn404) {
    public static final HealthCheckSpec CONNECT = new HealthCheckSpec(CheckKind.CONNECT, List.of(), null, false, null,
            Position.NONE, false);

    public HealthCheckSpec {
        rules = List.copyOf(rules);
    }

    /** A {@code tcp-check} or {@code http-check} script. */
    public static HealthCheckSpec script(CheckKind kind, List<CheckRule> rules, Position position) {
        return new HealthCheckSpec(kind, rules, null, false, null, position, false);
    }

    /** One of the protocol probes, with its parameters (null when it takes none). */
    public static HealthCheckSpec protocol(CheckKind kind, String user, boolean mysqlPre41, String smtpHello,
                                           Position position) {
        return new HealthCheckSpec(kind, List.of(), user, mysqlPre41, smtpHello, position, false);
    }

    /** The same probe with {@code http-check disable-on-404} on. */
    public HealthCheckSpec withDisableOn404() {
        return new HealthCheckSpec(kind, rules, user, mysqlPre41, smtpHello, position, true);
    }
}
