package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomDrawsTest {

    private static RandomDraws random(List<FakeServer> servers, int draws, long seed) {
        return new RandomDraws(servers, false, draws, new SplittableRandom(seed));
    }

    private static Map<String, Integer> counts(LoadBalancer lb, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(lb.pick(LbRequest.NONE, null).name(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void withoutLoadDrawsFollowWeights() {
        Map<String, Integer> counts = counts(random(FakeServer.actives(1, 3), 2, 1), 20_000);
        assertThat(counts.get("s2") / 20_000.0).isBetween(0.70, 0.80);
    }

    @Test
    void twoDrawsAvoidTheLoadedServer() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1, 1);
        servers.get(0).connections(50);
        // One draw: the loaded server still gets its quarter.
        int n = 20_000;
        int oneDraw = counts(random(servers, 1, 2), n).getOrDefault("s1", 0);
        assertThat(oneDraw / (double) n).isBetween(0.22, 0.28);
        // Two draws: it wins only when both draws land on it, 1 in 16.
        int twoDraws = counts(random(servers, 2, 2), n).getOrDefault("s1", 0);
        assertThat(twoDraws / (double) n).isBetween(0.04, 0.085);
    }

    @Test
    void loadIsRelativeToWeight() {
        List<FakeServer> servers = FakeServer.actives(1, 10);
        servers.get(0).connections(2); // 2 per unit
        servers.get(1).connections(10); // 1 per unit
        RandomDraws lb = random(servers, 10, 3);
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(servers.get(1));
    }

    @Test
    void avoidedAndFullServersAreLeftOut() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1);
        servers.get(2).maxConnections(1).connections(1);
        RandomDraws lb = random(servers, 2, 4);
        for (int i = 0; i < 200; i++) {
            assertThat(lb.pick(LbRequest.NONE, servers.get(0))).isSameAs(servers.get(1));
        }
        servers.get(1).usable(false);
        assertThat(lb.pick(LbRequest.NONE, servers.get(0))).as("only choice").isSameAs(servers.get(0));
        servers.get(0).maxConnections(1).connections(1);
        assertThat(lb.pick(LbRequest.NONE, null)).as("all full").isNull();
    }
}
