package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.HashType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeastConnTest {

    private static LoadBalancer leastConn(List<FakeServer> servers) {
        return LoadBalancers.create(new Balance(Algorithm.LEASTCONN, 2), HashType.DEFAULT, servers, false);
    }

    @Test
    void picksTheServerWithFewestConnections() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1);
        servers.get(0).connections(5);
        servers.get(1).connections(2);
        servers.get(2).connections(7);
        assertThat(leastConn(servers).pick(LbRequest.NONE, null)).isSameAs(servers.get(1));
    }

    @Test
    void connectionsCountRelativeToWeight() {
        List<FakeServer> servers = FakeServer.actives(1, 4);
        servers.get(0).connections(2); // 2 per unit of weight
        servers.get(1).connections(6); // 1.5 per unit of weight
        assertThat(leastConn(servers).pick(LbRequest.NONE, null)).isSameAs(servers.get(1));
    }

    @Test
    void tiesGoRoundRobin() {
        LoadBalancer lb = leastConn(FakeServer.actives(1, 1, 1));
        assertThat(Picks.sequence(lb, 9)).isEqualTo("123123123");
    }

    @Test
    void followsConnectionsAsTheyChange() {
        List<FakeServer> servers = FakeServer.actives(1, 1);
        LoadBalancer lb = leastConn(servers);
        for (int i = 0; i < 10; i++) {
            FakeServer chosen = (FakeServer) lb.pick(LbRequest.NONE, null);
            chosen.connections(chosen.currentConnections() + 1);
        }
        assertThat(servers.get(0).currentConnections()).isEqualTo(5);
        assertThat(servers.get(1).currentConnections()).isEqualTo(5);
        servers.get(0).connections(0);
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(servers.get(0));
    }

    @Test
    void skipsFullAndAvoidedServers() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1);
        servers.get(0).maxConnections(1).connections(1);
        servers.get(2).connections(3);
        LoadBalancer lb = leastConn(servers);
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(servers.get(1));
        assertThat(lb.pick(LbRequest.NONE, servers.get(1))).isSameAs(servers.get(2));
        servers.get(2).usable(false);
        lb.update();
        assertThat(lb.pick(LbRequest.NONE, servers.get(1))).as("only choice left").isSameAs(servers.get(1));
    }
}
