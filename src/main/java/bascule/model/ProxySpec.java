package bascule.model;

import java.util.List;

/**
 * A frontend, backend or listen section after {@code defaults} were applied. Frontend-only fields are
 * empty for a backend and the reverse. {@code redispatch} is HAProxy's interval: 0 off, -1 (plain
 * {@code option redispatch}) on the last retry, P &gt; 0 on every P-th retry, -N on the N-th retry before
 * the last. {@code healthCheck} is the probe every {@code check} server of this backend runs;
 * {@code logHealthChecks} is {@code option log-health-checks}. {@code httpRules} and {@code http} are used in
 * {@code mode http} only. {@code errorFiles} are the error pages the proxy overrides ({@code errorfile}, {@code errorfiles}, {@code errorloc*}).
 * {@code stats} is the proxy's stats page, or null when it has none; {@code log} its traffic logging.
 */
public record ProxySpec(String name, ProxyKind kind, Mode mode, Position position,
                        List<BindSpec> binds, int maxconn, String defaultBackend, Position defaultBackendPosition,
                        List<UseBackendRule> useBackends,
                        List<ServerSpec> servers, Balance balance, HashType hashType, Timeouts timeouts,
                        int retries, int redispatch, boolean allBackups,
                        boolean clientKeepAlive, boolean serverKeepAlive,
                        HealthCheckSpec healthCheck, boolean logHealthChecks,
                        HttpRuleSet httpRules, HttpSettings http, ErrorFilesSpec errorFiles, StatsSpec stats,
                        LogSpec log) {
    public ProxySpec {
        binds = List.copyOf(binds);
        useBackends = List.copyOf(useBackends);
        servers = List.copyOf(servers);
    }
}
