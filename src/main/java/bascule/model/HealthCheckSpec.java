package bascule.model;

import java.util.List;

/**
 * A backend's health-check probe, from {@code option tcp-check} / {@code tcp-check ...},
 * {@code option httpchk} / {@code http-check ...}, or {@code option mysql-check|pgsql-check|redis-check|
 * smtpchk}. {@link #CONNECT} (no option) is the plain TCP connect. {@code rules} are the check's steps
 * in order, already compiled (patterns, expected statuses) by the binder.
 */
public record HealthCheckSpec(CheckKind kind, List<CheckRule> rules) {
    public static final HealthCheckSpec CONNECT = new HealthCheckSpec(CheckKind.CONNECT, List.of());

    public HealthCheckSpec {
        rules = List.copyOf(rules);
    }
}
