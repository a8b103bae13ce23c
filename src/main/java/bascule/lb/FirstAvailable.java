package bascule.lb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code balance first}: the server with the lowest id that still has a free connection slot
 * ({@code currentConnections < maxconn}; a server without {@code maxconn} is never full, so it takes
 * everything). Meant to pack connections onto as few servers as possible so the others can be
 * powered down. The server to avoid is used only when no other one has room.
 */
final class FirstAvailable extends GuardedBalancer {
    private final List<? extends LbServer> servers;
    private final boolean allBackups;
    private List<LbServer> tier = List.of();
    private List<LbServer> byId = List.of();

    FirstAvailable(List<? extends LbServer> servers, boolean allBackups) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        refresh();
    }

    @Override
    LbServer choose(LbRequest request, LbServer avoid) {
        LbServer avoided = null;
        for (LbServer s : byId) {
            if (!Eligibility.takesTraffic(s) || Eligibility.isFull(s)) {
                continue;
            }
            if (s != avoid) {
                return s;
            }
            avoided = s;
        }
        return avoided;
    }

    @Override
    boolean refresh() {
        List<LbServer> now = Eligibility.tier(servers, allBackups);
        if (Eligibility.sameServers(now, tier)) {
            return false;
        }
        tier = now;
        List<LbServer> sorted = new ArrayList<>(now);
        sorted.sort(Comparator.comparingInt(LbServer::id));
        byId = List.copyOf(sorted);
        return true;
    }
}
