package bascule.stats;

import bascule.admin.AdminContext;
import bascule.admin.ForcedStates;
import bascule.model.ProxySpec;
import bascule.proxy.AdminState;
import bascule.proxy.Backend;
import bascule.proxy.Server;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin form of the stats page: a posted {@code s=<server>&...&action=<action>&b=<backend>} applied to the
 * servers of one backend through the same calls as the runtime API ({@link Server#setAdminState},
 * {@link bascule.check.HealthChecks}, {@link ForcedStates}, {@link Server#shutdownSessions}), answered with HAProxy's result codes:
 * DONE when every named server was changed, PART when only some were (unknown names), ERRP when none could be
 * or the backend or action is unknown, NONE when no server applied.
 *
 * <p>As in HAProxy, the last {@code b} and {@code action} of the body win, {@code b} is a backend name or
 * {@code #<proxy id>}, and an action that does not apply to a server (enabling checks a server does not have)
 * leaves it out of the count rather than failing the post.
 */
final class AdminActions {
    /** The actions of the form's select, with HAProxy's values; the older names are still accepted. */
    enum Action {
        READY, DRAIN, MAINT, DHLTH, EHLTH, HRUNN, HNOLB, HDOWN, DAGENT, EAGENT, ARUNN, ADOWN, SHUTDOWN, DISABLE, ENABLE,
        STOP, START;

        static Action parse(String v) {
            return switch (v) {
                case "ready" -> READY;
                case "drain" -> DRAIN;
                case "maint" -> MAINT;
                case "dhlth" -> DHLTH;
                case "ehlth" -> EHLTH;
                case "hrunn" -> HRUNN;
                case "hnolb" -> HNOLB;
                case "hdown" -> HDOWN;
                case "dagent" -> DAGENT;
                case "eagent" -> EAGENT;
                case "arunn" -> ARUNN;
                case "adown" -> ADOWN;
                case "shutdown" -> SHUTDOWN;
                case "disable" -> DISABLE;
                case "enable" -> ENABLE;
                case "stop" -> STOP;
                case "start" -> START;
                default -> null;
            };
        }
    }

    private final AdminContext ctx;

    AdminActions(AdminContext ctx) {
        this.ctx = ctx;
    }

    ActionStatus apply(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String backendParam = null;
        String actionParam = null;
        List<String> servers = new ArrayList<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key;
            String value;
            try {
                key = decode(eq < 0 ? pair : pair.substring(0, eq));
                value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                return ActionStatus.ERRP;
            }
            switch (key) {
                case "b" -> backendParam = value;
                case "action" -> actionParam = value;
                case "s" -> servers.add(value);
                default -> {
                    // other fields of the form (none today) are ignored, as HAProxy ignores them
                }
            }
        }
        Backend backend = null;
        if (backendParam != null) {
            backend = backend(backendParam);
            if (backend == null) {
                return ActionStatus.ERRP;
            }
        }
        Action action = null;
        if (actionParam != null) {
            action = Action.parse(actionParam);
            if (action == null) {
                return ActionStatus.ERRP;
            }
        }
        if (backend == null || action == null) {
            return ActionStatus.NONE;
        }
        int total = 0;
        int altered = 0;
        for (String name : servers) {
            Server sv = backend.server(name);
            if (sv == null) {
                total++; // unknown names count against the result
                continue;
            }
            if (apply(sv, action)) {
                total++;
                altered++;
            }
        }
        if (total == 0) {
            return ActionStatus.NONE;
        }
        if (altered == 0) {
            return ActionStatus.ERRP;
        }
        return altered == total ? ActionStatus.DONE : ActionStatus.PART;
    }

    /** Applies {@code action}; false when it does not apply to this server (nothing changed). */
    private boolean apply(Server sv, Action action) {
        switch (action) {
            case READY -> sv.setAdminState(AdminState.READY);
            case DRAIN -> sv.setAdminState(AdminState.DRAIN);
            case MAINT -> sv.setAdminState(AdminState.MAINT);
            case DISABLE, STOP -> {
                AdminState target = action == Action.DISABLE ? AdminState.MAINT : AdminState.DRAIN;
                if (sv.adminState() == target) {
                    return false;
                }
                sv.setAdminState(target);
            }
            case ENABLE, START -> {
                AdminState from = action == Action.ENABLE ? AdminState.MAINT : AdminState.DRAIN;
                if (sv.adminState() != from) {
                    return false;
                }
                sv.setAdminState(AdminState.READY);
            }
            case DHLTH -> {
                if (ctx.checks().status(sv).isEmpty()) {
                    return false;
                }
                ctx.checks().setHealthCheckEnabled(sv, false);
            }
            case EHLTH -> {
                return ctx.checks().status(sv).isPresent() && ctx.checks().setHealthCheckEnabled(sv, true);
            }
            case HRUNN, HNOLB, HDOWN -> {
                // as the CLI's "set server health": any server but a tracking one, with or without a check
                if (sv.spec().track() != null) {
                    return false;
                }
                if (action == Action.HNOLB) {
                    ForcedStates.stopping(ctx.checks(), sv, ForcedStates.WEB);
                } else {
                    ForcedStates.health(ctx.checks(), sv, action == Action.HRUNN, ForcedStates.WEB);
                }
            }
            case ARUNN, ADOWN -> {
                if (!ForcedStates.agentEnabled(ctx.checks(), sv)) {
                    return false;
                }
                ForcedStates.agent(ctx.checks(), sv, action == Action.ARUNN, ForcedStates.WEB);
            }
            case DAGENT -> {
                if (ctx.checks().agentStatus(sv).isEmpty()) {
                    return false;
                }
                ctx.checks().setAgentEnabled(sv, false);
            }
            case EAGENT -> {
                return ctx.checks().agentStatus(sv).isPresent() && ctx.checks().setAgentEnabled(sv, true);
            }
            case SHUTDOWN -> {
                if (ctx.runtime().isStopping()) {
                    return false;
                }
                sv.shutdownSessions();
            }
            default -> throw new IllegalStateException(action.name());
        }
        return true;
    }

    /** {@code b=}: {@code #<id>} or a backend name. */
    private Backend backend(String param) {
        if (param.startsWith("#")) {
            try {
                ProxySpec p = ctx.proxyById(Integer.parseInt(param.substring(1)));
                return p == null || !p.kind().isBackend() ? null : ctx.runtime().backends().get(p.name());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ctx.runtime().backends().get(param);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
