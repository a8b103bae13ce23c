package bascule.model;

/**
 * Which probe a backend's health checks run: a bare connect ({@code check} without any check option), a
 * {@code tcp-check} script ({@code option tcp-check}), an HTTP script ({@code option httpchk}), or one of the
 * protocol probes that HAProxy builds in ({@code option mysql-check|pgsql-check|redis-check|smtpchk}).
 */
public enum CheckKind { CONNECT, TCP_CHECK, HTTP, MYSQL, PGSQL, REDIS, SMTP }
