package bascule.config;

import bascule.model.Balance;
import bascule.model.BindSpec;
import bascule.model.HashType;
import bascule.model.Mode;
import bascule.model.Position;
import bascule.model.ProxyKind;
import bascule.model.ProxySpec;
import bascule.model.ServerSpec;
import bascule.model.Timeouts;
import bascule.model.UseBackendRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mutable settings of one section while it is being bound. A {@code defaults} section is a builder too;
 * a proxy starts as a copy of its defaults' inheritable settings.
 */
final class ProxyBuilder {
    final String name;
    final ProxyKind kind;
    final Position position;

    Mode mode = Mode.TCP;
    Balance balance = Balance.DEFAULT;
    HashType hashType = HashType.DEFAULT;
    Timeouts timeouts = Timeouts.NONE;
    int retries = 3;
    int redispatch;
    boolean allBackups;
    boolean clientKeepAlive;
    boolean serverKeepAlive;
    int maxconn;
    String defaultBackend;
    Position defaultBackendPosition;
    ServerOptions serverDefaults = new ServerOptions();
    bascule.model.HealthCheckSpec healthCheck = bascule.model.HealthCheckSpec.CONNECT;
    /** Script steps collected from tcp-check lines, turned into {@link #healthCheck} at build. */
    final List<bascule.model.CheckRule> checkRules = new ArrayList<>();
    /** Script steps collected from http-check lines, used with {@code option httpchk}. */
    final List<bascule.model.CheckRule> httpCheckRules = new ArrayList<>();
    /**
     * True while {@link #checkRules} / {@link #httpCheckRules} are the defaults' rules: a section's own first
     * rule line replaces them instead of adding to them, as HAProxy keeps one rule set per section.
     */
    boolean checkRulesInherited;
    boolean httpCheckRulesInherited;
    /** The request line of {@code option httpchk}, merged with {@code http-check send} at build; or null. */
    bascule.model.HttpSendRule httpchkRequest;
    boolean logHealthChecks;
    /** Where {@code http-check disable-on-404} was set, or null when it is off. */
    Position disableOn404;
    /** True while {@link #disableOn404} is the defaults' setting (it then needs no {@code option httpchk}). */
    boolean disableOn404Inherited;
    /** Logging lines ({@code log}, formats, captures). */
    ProxyLogBinder.State log = new ProxyLogBinder.State();
    /** The stats page ({@code stats ...} lines), or null. */
    bascule.model.StatsSpec stats;
    /** True while {@link #stats} is the defaults' page: a section's own first 'stats' line starts afresh. */
    boolean statsInherited;

    /** Compiles ACLs, conditions and formats; shared by all sections of one configuration. */
    bascule.sample.SampleCompiler compiler;
    /** Named ACLs of this section (several lines with one name are ORed). Not inherited, as in HAProxy. */
    final java.util.Map<String, List<bascule.sample.AclTerm>> acls = new java.util.LinkedHashMap<>();
    /** HTTP rules in the order written; a proxy starts with its defaults' rules. */
    final List<bascule.model.HttpRule> httpRequestRules = new ArrayList<>();
    final List<bascule.model.HttpRule> redirectRules = new ArrayList<>();
    final List<bascule.model.HttpRule> httpResponseRules = new ArrayList<>();
    final List<bascule.model.HttpRule> httpAfterResponseRules = new ArrayList<>();
    bascule.model.HttpSettings http = bascule.model.HttpSettings.DEFAULT;
    /** A defaults section that holds HTTP rules: HAProxy restricts who may inherit from it. */
    boolean definesRules;
    /** Whether frontends or backends inherit this defaults section's rules (never both), or null. */
    ProxyKind rulesInheritedBy;
    final List<bascule.model.UseServerRule> useServers = new ArrayList<>();

    final List<BindSpec> binds = new ArrayList<>();
    final List<UseBackendRule> useBackends = new ArrayList<>();
    final List<PendingServer> servers = new ArrayList<>();
    /** Error-page lines in order, the defaults' first; resolved into {@link #errorFiles} before build. */
    final List<ErrorFileBinder.Entry> errorEntries = new ArrayList<>();
    bascule.model.ErrorFilesSpec errorFiles = bascule.model.ErrorFilesSpec.NONE;

    record PendingServer(String name, String host, int port, ServerOptions options, Position position) {
    }

    ProxyBuilder(String name, ProxyKind kind, Position position) {
        this.name = name;
        this.kind = kind;
        this.position = position;
    }

    /**
     * Compiles the condition that starts at word {@code at} ({@code if} or {@code unless}) of a line with
     * this section's ACLs; a line without one gets {@link bascule.sample.Condition#ALWAYS}.
     */
    bascule.sample.Condition condition(ConfigLine line, int at) throws ConfigException {
        if (at >= line.size()) {
            return bascule.sample.Condition.ALWAYS;
        }
        try {
            return compiler.condition(line.words().subList(at, line.size()), acls);
        } catch (bascule.sample.SampleException e) {
            throw new ConfigException(line.position(), "'" + line.keyword() + "': " + e.getMessage());
        }
    }

    /** A new section of the given kind that inherits everything {@code defaults} may pass on. */
    ProxyBuilder inherit(String childName, ProxyKind childKind, Position childPosition) {
        ProxyBuilder c = new ProxyBuilder(childName, childKind, childPosition);
        c.mode = mode;
        c.balance = balance;
        c.hashType = hashType;
        c.timeouts = timeouts;
        c.retries = retries;
        c.redispatch = redispatch;
        c.allBackups = allBackups;
        c.clientKeepAlive = clientKeepAlive;
        c.serverKeepAlive = serverKeepAlive;
        c.maxconn = maxconn;
        c.defaultBackend = defaultBackend;
        c.defaultBackendPosition = defaultBackendPosition;
        c.serverDefaults = serverDefaults.copy();
        c.healthCheck = healthCheck;
        c.checkRules.addAll(checkRules);
        c.httpCheckRules.addAll(httpCheckRules);
        c.checkRulesInherited = !checkRules.isEmpty();
        c.httpCheckRulesInherited = !httpCheckRules.isEmpty();
        c.httpchkRequest = httpchkRequest;
        c.logHealthChecks = logHealthChecks;
        c.disableOn404 = disableOn404;
        c.disableOn404Inherited = disableOn404 != null;
        c.log = log.copy();
        c.stats = stats;
        c.statsInherited = stats != null;
        c.compiler = compiler;
        c.httpRequestRules.addAll(httpRequestRules);
        c.redirectRules.addAll(redirectRules);
        c.httpResponseRules.addAll(httpResponseRules);
        c.httpAfterResponseRules.addAll(httpAfterResponseRules);
        c.http = http;
        c.errorEntries.addAll(errorEntries);
        return c;
    }

    ProxySpec build(List<bascule.model.LogTarget> globalLogs, List<String> warnings) throws ConfigException {
        bascule.model.LogSpec logSpec = ProxyLogBinder.build(this, globalLogs, warnings);
        Set<Integer> taken = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (PendingServer s : servers) {
            if (!names.add(s.name())) {
                throw new ConfigException(s.position(), "server '" + s.name() + "' is declared twice in "
                        + kind.keyword() + " '" + name + "'");
            }
            if (s.options().id > 0 && !taken.add(s.options().id)) {
                throw new ConfigException(s.position(), "server id " + s.options().id + " is used twice in "
                        + kind.keyword() + " '" + name + "'");
            }
        }
        List<ServerSpec> specs = new ArrayList<>();
        int next = 1;
        for (PendingServer s : servers) {
            ServerOptions o = s.options();
            int id = o.id;
            if (id == 0) {
                while (taken.contains(next)) {
                    next++;
                }
                id = next;
                taken.add(id);
            }
            specs.add(new ServerSpec(s.name(), s.host(), s.port(), id, o.weight, o.backup, o.disabled, o.maxconn,
                    o.check, o.inter, o.fastinter > 0 ? o.fastinter : o.inter, o.downinter > 0 ? o.downinter : o.inter,
                    o.rise, o.fall, new bascule.model.ServerCheckOptions(o.checkAddr, o.checkPort, o.checkSendProxy),
                    o.agent, o.slowstart, o.track, o.onMarkedDown, o.onMarkedUp, s.position(), o.cookie));
        }
        return new ProxySpec(name, kind, mode, position, binds, maxconn,
                kind.isFrontend() ? defaultBackend : null,
                kind.isFrontend() ? defaultBackendPosition : null, useBackends, specs, balance, hashType, timeouts,
                retries, redispatch, allBackups, clientKeepAlive, serverKeepAlive, CheckBinder.build(this),
                logHealthChecks, new bascule.model.HttpRuleSet(httpRequestRules, redirectRules, httpResponseRules,
                        httpAfterResponseRules), new bascule.model.HttpSettings(http.connectionMode(),
                        http.pretendKeepAlive(), http.reuse(), http.forwardFor(), http.originalTo(), http.cookie(),
                        useServers, http.monitorUri(), http.uniqueIdFormat(), http.uniqueIdHeader(),
                        http.bufferRequest()), errorFiles, stats, logSpec);
    }
}
