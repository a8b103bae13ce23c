package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.HashType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstAvailableTest {

    private static LoadBalancer first(List<FakeServer> servers) {
        return LoadBalancers.create(new Balance(Algorithm.FIRST, 2), HashType.DEFAULT, servers, false);
    }

    @Test
    void fillsTheLowestIdFirst() {
        FakeServer s3 = FakeServer.active(3, 1).maxConnections(2);
        FakeServer s1 = FakeServer.active(1, 1).maxConnections(2);
        FakeServer s2 = FakeServer.active(2, 1).maxConnections(2);
        LoadBalancer lb = first(List.of(s3, s1, s2)); // declaration order does not matter, ids do
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(s1);
        s1.connections(2);
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(s2);
        s2.connections(2);
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(s3);
        s3.connections(2);
        assertThat(lb.pick(LbRequest.NONE, null)).as("everyone full").isNull();
        s2.connections(1);
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(s2);
    }

    @Test
    void serverWithoutMaxconnIsNeverFull() {
        List<FakeServer> servers = FakeServer.actives(1, 1);
        servers.get(0).connections(10_000);
        assertThat(Picks.counts(first(servers), 20)).containsOnlyKeys("s1");
    }

    @Test
    void skipsDownWeightlessAndAvoidedServers() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1, 1);
        servers.get(0).usable(false);
        servers.get(1).weight(0);
        LoadBalancer lb = first(servers);
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(servers.get(2));
        assertThat(lb.pick(LbRequest.NONE, servers.get(2))).isSameAs(servers.get(3));
    }
}
