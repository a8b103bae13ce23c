package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.HashType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticRoundRobinTest {

    private static LoadBalancer staticRr(List<FakeServer> servers) {
        return LoadBalancers.create(new Balance(Algorithm.STATIC_RR, 2), HashType.DEFAULT, servers, false);
    }

    @Test
    void sequencesAreHaproxys() {
        // Observed from HAProxy 2.6; RoundRobinDifferentialTest checks them live.
        assertThat(Picks.sequence(staticRr(FakeServer.actives(1, 1, 2)), 12)).isEqualTo("132313231323");
        assertThat(Picks.sequence(staticRr(FakeServer.actives(1, 2, 3)), 12)).isEqualTo("132323132323");
        assertThat(Picks.sequence(staticRr(FakeServer.actives(1, 2, 3, 4)), 20))
                .isEqualTo("12434234341243423434");
        assertThat(Picks.sequence(staticRr(FakeServer.actives(10, 3, 7)), 20))
                .isEqualTo("11312311312311312313");
    }

    @Test
    void firstDeclaredServerAlwaysComesFirst() {
        assertThat(Picks.sequence(staticRr(FakeServer.actives(1, 50)), 1)).isEqualTo("1");
    }

    @Test
    void proportionsFollowWeights() {
        assertThat(Picks.counts(staticRr(FakeServer.actives(1, 2, 3, 10)), 160))
                .containsExactlyInAnyOrderEntriesOf(Map.of("s1", 10, "s2", 20, "s3", 30, "s4", 100));
    }

    @Test
    void downServerIsRemovedFromTheTableAndRestored() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 2);
        LoadBalancer lb = staticRr(servers);
        servers.get(2).usable(false);
        lb.update();
        assertThat(Picks.counts(lb, 10)).containsOnlyKeys("s1", "s2");
        servers.get(2).usable(true);
        lb.update();
        assertThat(Picks.counts(lb, 40)).containsEntry("s1", 10).containsEntry("s2", 10).containsEntry("s3", 20);
    }

    @Test
    void avoidAndFullServersAreSkipped() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1);
        LoadBalancer lb = staticRr(servers);
        assertThat(lb.pick(LbRequest.NONE, servers.get(0))).isSameAs(servers.get(1));
        servers.get(2).maxConnections(1).connections(1);
        assertThat(Picks.counts(lb, 10)).containsOnlyKeys("s1", "s2");
    }
}
