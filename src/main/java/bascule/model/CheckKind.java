package bascule.model;

/** Which probe a backend's health checks run: a bare connect, a script, or one of the protocol probes. */
public enum CheckKind { CONNECT, TCP_CHECK, HTTP, MYSQL, PGSQL, REDIS, SMTP }
