package bascule.config;

import bascule.model.GlobalSpec;
import bascule.model.Model;
import bascule.model.Mode;
import bascule.model.ProxyKind;
import bascule.model.ProxySpec;
import bascule.model.UseBackendRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns parsed sections into a {@link Model}: applies {@code defaults} (the last one before a proxy, or
 * the one named with {@code from}), binds each line, then checks cross-references. All errors are
 * collected and reported together.
 */
public final class ConfigBinder {
    static final List<String> SECTIONS = List.of("global", "defaults", "frontend", "backend", "listen",
            "userlist", "http-errors");

    private final List<ConfigException> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfigBinder() {
    }

    public static Model bind(ConfigFile file) throws ConfigErrors {
        return new ConfigBinder().run(file);
    }

    private Model run(ConfigFile file) throws ConfigErrors {
        GlobalBinder.GlobalBuilder global = new GlobalBinder.GlobalBuilder();
        Map<String, ProxyBuilder> namedDefaults = new HashMap<>();
        bascule.sample.SampleCompiler compiler = new bascule.sample.SampleCompiler(java.nio.file.Path.of(""),
                System::getenv);
        compiler.useFormats(text -> bascule.logformat.HeaderFormat.compile(text, compiler));
        ProxyBuilder lastDefaults = new ProxyBuilder(null, ProxyKind.LISTEN, null);
        lastDefaults.compiler = compiler;
        List<ProxyBuilder> proxies = new ArrayList<>();
        Map<String, ProxyBuilder> byName = new LinkedHashMap<>();
        Map<String, bascule.model.HttpErrorsSection> httpErrors = new HashMap<>();
        Map<String, bascule.model.UserlistSpec> userlists = new LinkedHashMap<>();

        for (Section s : file.sections()) {
            switch (s.type()) {
                case "global" -> {
                    if (!s.args().isEmpty()) {
                        errors.add(new ConfigException(s.position(), "'global' takes no argument but got '"
                                + s.args().get(0) + "'"));
                    }
                    for (ConfigLine line : s.lines()) {
                        try {
                            GlobalBinder.bind(line, global, warnings);
                        } catch (ConfigException e) {
                            errors.add(e);
                        }
                    }
                }
                case "defaults" -> {
                    String name = null;
                    ProxyBuilder parent = null;
                    List<String> a = s.args();
                    int i = 0;
                    if (i < a.size() && !a.get(i).equals("from")) {
                        name = a.get(i++);
                    }
                    if (i < a.size()) {
                        parent = from(s, a, i, namedDefaults);
                        if (parent == null) {
                            continue;
                        }
                    }
                    try {
                        HttpRuleBinder.checkInheritance(parent, "defaults", ProxyKind.LISTEN, s.position());
                    } catch (ConfigException e) {
                        errors.add(e);
                        continue;
                    }
                    ProxyBuilder d = parent != null
                            ? parent.inherit(name, ProxyKind.LISTEN, s.position())
                            : new ProxyBuilder(name, ProxyKind.LISTEN, s.position());
                    d.compiler = compiler;
                    for (ConfigLine line : s.lines()) {
                        try {
                            ProxyBinder.bind(line, d, true);
                        } catch (ConfigException e) {
                            errors.add(e);
                        }
                    }
                    if (name != null) {
                        namedDefaults.put(name, d);
                    }
                    lastDefaults = d;
                }
                case "frontend", "backend", "listen" -> {
                    ProxyKind kind = ProxyKind.valueOf(s.type().toUpperCase(java.util.Locale.ROOT));
                    List<String> a = s.args();
                    if (a.isEmpty() || a.get(0).equals("from")) {
                        errors.add(new ConfigException(s.position(), "'" + s.type() + "' needs a name"));
                        continue;
                    }
                    String name = a.get(0);
                    if (!validName(name)) {
                        errors.add(new ConfigException(s.position(), s.type() + " name '" + name + "' may only "
                                + "contain letters, digits, '-', '_', '.' and ':'"));
                        continue;
                    }
                    ProxyBuilder parent = lastDefaults;
                    int argIndex = 1;
                    if (a.size() > 1 && !a.get(1).equals("from")) {
                        // HAProxy 1.x's 'listen <name> <address>'; HAProxy 2.x refuses it the same way.
                        errors.add(new ConfigException(s.position(), "'" + s.type() + " " + name + " " + a.get(1)
                                + "': please use the 'bind' keyword for listening addresses"));
                        continue;
                    }
                    if (a.size() > argIndex) {
                        parent = from(s, a, argIndex, namedDefaults);
                        if (parent == null) {
                            continue;
                        }
                    }
                    try {
                        HttpRuleBinder.checkInheritance(parent, s.type(), kind, s.position());
                    } catch (ConfigException e) {
                        errors.add(e);
                        continue;
                    }
                    ProxyBuilder p = parent.inherit(name, kind, s.position());
                    ProxyBuilder clash = byName.get(name);
                    if (clash != null && (clash.kind.isFrontend() && kind.isFrontend()
                            || clash.kind.isBackend() && kind.isBackend())) {
                        errors.add(new ConfigException(s.position(), s.type() + " '" + name + "' has the same name "
                                + "as " + clash.kind.keyword() + " '" + name + "' declared at " + clash.position));
                        continue;
                    }
                    for (ConfigLine line : s.lines()) {
                        try {
                            ProxyBinder.bind(line, p, false);
                        } catch (ConfigException e) {
                            errors.add(e);
                        }
                    }
                    byName.putIfAbsent(name, p);
                    proxies.add(p);
                }
                case "http-errors" -> {
                    var e = ErrorFileBinder.section(s, ErrorFileBinder.DEFAULT_BUFSIZE, errors);
                    var clash = e == null ? null : httpErrors.putIfAbsent(e.name(), e);
                    if (clash != null) {
                        errors.add(new ConfigException(s.position(), "http-errors section '" + e.name()
                                + "' already exists (declared at " + clash.position() + ")"));
                    }
                }
                case "userlist" -> {
                    var u = UserlistBinder.section(s, errors, warnings);
                    if (u != null && userlists.putIfAbsent(u.name(), u) != null) {
                        warnings.add(s.position() + ": ignoring duplicated userlist '" + u.name() + "'");
                    }
                }
                default -> {
                    if (LaterFeatures.isKnownSection(s.type())) {
                        errors.add(new ConfigException(s.position(), LaterFeatures.section(s.type())));
                    } else {
                        errors.add(new ConfigException(s.position(), "unknown section '" + s.type() + "'"
                                + Words.didYouMean(s.type(), SECTIONS)));
                    }
                }
            }
        }

        List<ProxySpec> specs = new ArrayList<>();
        for (ProxyBuilder p : proxies) {
            try {
                p.errorFiles = ErrorFileBinder.resolve(p.errorEntries, httpErrors, p.kind.keyword() + " '" + p.name
                        + "'", warnings);
                if (p.stats != null && p.mode != bascule.model.Mode.HTTP) {
                    warnings.add(p.position + ": 'stats' statement ignored for " + p.kind.keyword() + " '" + p.name
                            + "' as it requires HTTP mode");
                    p.stats = null;
                }
                specs.add(p.build(global.logs, warnings));
            } catch (ConfigException e) {
                errors.add(e);
            }
        }
        validate(specs);
        warnLayer7BalanceOutsideHttp(specs);
        if (!errors.isEmpty()) {
            throw new ConfigErrors(errors);
        }
        GlobalSpec g = new GlobalSpec(global.maxconn, global.nbthread, global.hardStopAfter, global.pidfile,
                global.daemon, global.quiet, global.noEpoll, global.noSplice, global.logs, global.logTag,
                global.statsSockets, global.statsTimeout, global.bufsize, global.maxHeaders, global.maxConnRate,
                global.maxSessRate);
        return new Model(g, specs, warnings, List.copyOf(userlists.values()));
    }

    private ProxyBuilder from(Section s, List<String> a, int i, Map<String, ProxyBuilder> namedDefaults) {
        if (!a.get(i).equals("from") || i + 1 >= a.size()) {
            errors.add(new ConfigException(s.position(), "expected 'from <defaults-name>' after the name of '"
                    + s.type() + "' but got '" + String.join(" ", a.subList(i, a.size())) + "'"));
            return null;
        }
        String parentName = a.get(i + 1);
        ProxyBuilder parent = namedDefaults.get(parentName);
        if (parent == null) {
            errors.add(new ConfigException(s.position(), "'from " + parentName + "': no defaults section named '"
                    + parentName + "' is declared before this line" + Words.didYouMean(parentName,
                    namedDefaults.keySet())));
            return null;
        }
        if (i + 2 < a.size()) {
            errors.add(new ConfigException(s.position(), "unexpected '" + a.get(i + 2) + "' after 'from "
                    + parentName + "'"));
            return null;
        }
        return parent;
    }

    private void validate(List<ProxySpec> specs) {
        Map<String, ProxySpec> backends = new HashMap<>();
        for (ProxySpec p : specs) {
            if (p.kind().isBackend()) {
                backends.put(p.name(), p);
            }
        }
        for (ProxySpec p : specs) {
            for (bascule.model.ServerSpec s : p.servers()) {
                if (s.track() != null) {
                    checkTrack(p, s, backends);
                }
                AgentBinder.validate(p, s).ifPresent(errors::add);
            }
        }
        for (ProxySpec p : specs) {
            if (p.kind().isFrontend()) {
                if (p.binds().isEmpty()) {
                    warnings.add(p.position() + ": " + p.kind().keyword() + " '" + p.name() + "' has no 'bind' "
                            + "line, so it accepts no connection (declare it as a backend if that was meant)");
                }
                if (p.defaultBackend() != null) {
                    checkTarget(p, p.defaultBackend(), p.defaultBackendPosition(), backends);
                }
                for (UseBackendRule r : p.useBackends()) {
                    if (r.backend() != null) {
                        checkTarget(p, r.backend(), r.position(), backends);
                    }
                }
                if (p.kind() == ProxyKind.FRONTEND && p.defaultBackend() == null && p.useBackends().isEmpty()) {
                    warnings.add(p.position() + ": frontend '" + p.name() + "' has no 'default_backend' nor "
                            + "'use_backend': its connections will be closed");
                }
            }
            if (p.timeouts().connect() == 0 && p.kind().isBackend()
                    || p.timeouts().client() == 0 && p.kind().isFrontend()
                    || p.timeouts().server() == 0 && p.kind().isBackend()) {
                warnings.add(p.position() + ": missing timeouts for " + p.kind().keyword() + " '" + p.name()
                        + "': set 'timeout connect', 'timeout client' and 'timeout server' (in 'defaults') or "
                        + "idle connections are kept forever");
            }
        }
    }

    /** As HAProxy: {@code balance uri}, {@code url_param} and {@code hdr} become round-robin outside HTTP mode. */
    private void warnLayer7BalanceOutsideHttp(List<ProxySpec> specs) {
        for (ProxySpec p : specs) {
            if (p.kind().isBackend() && p.balance().forMode(p.mode()) != p.balance()) {
                warnings.add(p.position() + ": layer 7 hash not possible for " + p.kind().keyword() + " '"
                        + p.name() + "' ('balance " + p.balance().algorithm().keyword() + "' needs 'mode http'); "
                        + "falling back to round robin");
            }
        }
    }

    /** {@code track [<backend>/]<server>}: the target exists, is another server, and is checked itself. */
    private void checkTrack(ProxySpec p, bascule.model.ServerSpec s, Map<String, ProxySpec> backends) {
        String t = s.track();
        int slash = t.indexOf('/');
        String beName = slash < 0 ? p.name() : t.substring(0, slash);
        String srvName = slash < 0 ? t : t.substring(slash + 1);
        String where = p.kind().keyword() + " '" + p.name() + "', server '" + s.name() + "'";
        if (s.check()) {
            errors.add(new ConfigException(s.position(), where + ": unable to enable checks and tracking at the "
                    + "same time (remove 'check' or 'track')"));
            return;
        }
        ProxySpec be = backends.get(beName);
        if (be == null) {
            errors.add(new ConfigException(s.position(), where + ": 'track' names backend '" + beName
                    + "' which does not exist" + Words.didYouMean(beName, backends.keySet())));
            return;
        }
        bascule.model.ServerSpec target = be.servers().stream().filter(x -> x.name().equals(srvName))
                .findFirst().orElse(null);
        if (target == null) {
            errors.add(new ConfigException(s.position(), where + ": 'track' names server '" + beName + "/" + srvName
                    + "' which does not exist"));
        } else if (target == s) {
            errors.add(new ConfigException(s.position(), where + ": a server cannot track itself"));
        } else if (!target.check() && target.track() == null && !target.agent().enabled()) {
            errors.add(new ConfigException(s.position(), where + ": unable to track " + beName + "/" + srvName
                    + " as it has neither 'check' nor 'track' nor 'agent-check' enabled"));
        }
    }

    private void checkTarget(ProxySpec p, String target, bascule.model.Position pos,
                             Map<String, ProxySpec> backends) {
        ProxySpec b = backends.get(target);
        if (b == null) {
            errors.add(new ConfigException(pos, p.kind().keyword() + " '" + p.name() + "' uses backend '" + target
                    + "' which does not exist" + Words.didYouMean(target, backends.keySet())));
        } else if (b.mode() != p.mode()) {
            errors.add(new ConfigException(pos, p.kind().keyword() + " '" + p.name() + "' is in mode "
                    + p.mode().name().toLowerCase(java.util.Locale.ROOT) + " but backend '" + target + "' is in mode "
                    + b.mode().name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private static boolean validName(String n) {
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':')) {
                return false;
            }
        }
        return !n.isEmpty();
    }
}
