package bascule.config;

/**
 * The health-check probe of a backend: {@code option tcp-check}, {@code tcp-check ...},
 * {@code option httpchk}, {@code http-check ...}, {@code option mysql-check|pgsql-check|redis-check|smtpchk}.
 */
final class CheckBinder {
    private CheckBinder() {
    }

    /** {@code option <name> [args]} for a check option; {@code at} is the index of the option name. */
    static void option(ConfigLine line, int at, ProxyBuilder p, boolean on) throws ConfigException {
        throw new ConfigException(line.position(), "'option " + line.word(at) + "' is not supported yet: it "
                + "arrives with advanced health checks (see docs/compatibility.md)");
    }

    /** The backend's probe once all its lines were bound (its rules may come from defaults too). */
    static bascule.model.HealthCheckSpec build(ProxyBuilder p) throws ConfigException {
        return p.healthCheck;
    }

    /** A {@code tcp-check ...} or {@code http-check ...} line. */
    static void rule(ConfigLine line, ProxyBuilder p) throws ConfigException {
        throw new ConfigException(line.position(), "'" + line.keyword() + "' is not supported yet: it arrives "
                + "with advanced health checks (see docs/compatibility.md)");
    }
}
