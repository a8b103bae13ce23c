package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.HashType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {

    private static LoadBalancer roundRobin(List<FakeServer> servers) {
        return LoadBalancers.create(new Balance(Algorithm.ROUNDROBIN, 2), HashType.DEFAULT, servers, false);
    }

    @Test
    void sequencesAreHaproxys() {
        // Observed from HAProxy 2.6 (mode tcp, one thread); RoundRobinDifferentialTest checks them live.
        assertThat(Picks.sequence(roundRobin(FakeServer.actives(1, 1, 2)), 12)).isEqualTo("313231323132");
        assertThat(Picks.sequence(roundRobin(FakeServer.actives(1, 2, 3)), 12)).isEqualTo("323132323132");
        assertThat(Picks.sequence(roundRobin(FakeServer.actives(1, 1, 1)), 9)).isEqualTo("123123123");
        assertThat(Picks.sequence(roundRobin(FakeServer.actives(5, 1, 1)), 14)).isEqualTo("11121131112113");
        assertThat(Picks.sequence(roundRobin(FakeServer.actives(1, 2, 3, 4)), 20))
                .isEqualTo("43423414324342341432");
    }

    @Test
    void scalingAllWeightsChangesNothing() {
        assertThat(Picks.sequence(roundRobin(FakeServer.actives(2, 4, 6)), 60))
                .isEqualTo(Picks.sequence(roundRobin(FakeServer.actives(1, 2, 3)), 60));
    }

    @Test
    void eachRoundHonoursWeightsExactly() {
        LoadBalancer lb = roundRobin(FakeServer.actives(1, 2, 3, 10));
        for (int round = 0; round < 5; round++) {
            assertThat(Picks.counts(lb, 16)).containsExactlyInAnyOrderEntriesOf(
                    Map.of("s1", 1, "s2", 2, "s3", 3, "s4", 10));
        }
    }

    @Test
    void heavyServerIsSpreadNotBunched() {
        // 10 of every 13 picks go to s1, but the other two are interleaved, never back to back.
        String seq = Picks.sequence(roundRobin(FakeServer.actives(10, 2, 1)), 130);
        assertThat(seq).doesNotContain("22").doesNotContain("33").doesNotContain("23").doesNotContain("32");
        assertThat(seq).doesNotContain("111111"); // HAProxy allows runs of 5 here, never more
    }

    @Test
    void weightChangeTakesEffect() {
        List<FakeServer> servers = FakeServer.actives(1, 1);
        LoadBalancer lb = roundRobin(servers);
        assertThat(Picks.counts(lb, 20)).containsEntry("s1", 10).containsEntry("s2", 10);
        servers.get(1).weight(3);
        lb.update();
        Picks.counts(lb, 8); // the current round finishes with the old proportions
        assertThat(Picks.counts(lb, 40)).containsEntry("s1", 10).containsEntry("s2", 30);
    }

    @Test
    void weightZeroStopsTrafficAndBackBringsIt() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1);
        LoadBalancer lb = roundRobin(servers);
        servers.get(0).weight(0);
        lb.update();
        assertThat(Picks.counts(lb, 30)).doesNotContainKey("s1");
        servers.get(0).weight(1);
        lb.update();
        Picks.counts(lb, 3);
        assertThat(Picks.counts(lb, 30)).containsEntry("s1", 10);
    }

    @Test
    void downServerIsSkippedAndRejoins() {
        List<FakeServer> servers = FakeServer.actives(1, 2, 3);
        LoadBalancer lb = roundRobin(servers);
        Picks.sequence(lb, 7);
        servers.get(2).usable(false);
        lb.update();
        assertThat(Picks.counts(lb, 30)).containsOnlyKeys("s1", "s2");
        servers.get(2).usable(true);
        lb.update();
        Picks.counts(lb, 6);
        assertThat(Picks.counts(lb, 60)).containsEntry("s1", 10).containsEntry("s2", 20).containsEntry("s3", 30);
    }

    @Test
    void downServerIsNoticedEvenBeforeUpdate() {
        List<FakeServer> servers = FakeServer.actives(1, 1);
        LoadBalancer lb = roundRobin(servers);
        servers.get(0).usable(false);
        assertThat(Picks.counts(lb, 10)).containsOnlyKeys("s2");
    }

    @Test
    void avoidedServerIsSkippedOnce() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1);
        LoadBalancer lb = roundRobin(servers);
        assertThat(lb.pick(LbRequest.NONE, servers.get(0))).isNotSameAs(servers.get(0));
        FakeServer only = FakeServer.active(9, 1);
        LoadBalancer single = roundRobin(List.of(only));
        assertThat(single.pick(LbRequest.NONE, only)).isSameAs(only);
    }

    @Test
    void fullServersAreSkippedAndNullWhenAllAreFull() {
        List<FakeServer> servers = FakeServer.actives(1, 1);
        servers.get(0).maxConnections(2).connections(2);
        LoadBalancer lb = roundRobin(servers);
        assertThat(Picks.counts(lb, 6)).containsOnlyKeys("s2");
        servers.get(1).maxConnections(1).connections(1);
        assertThat(lb.pick(LbRequest.NONE, null)).isNull();
        servers.get(0).connections(1);
        assertThat(lb.pick(LbRequest.NONE, null)).isSameAs(servers.get(0));
    }

    @Test
    void concurrentPicksKeepExactProportions() throws Exception {
        LoadBalancer lb = roundRobin(FakeServer.actives(1, 2, 3));
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        int threads = 4;
        int perThread = 6_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counts.computeIfAbsent(lb.pick(LbRequest.NONE, null).name(), k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(counts.get("s1").get()).isEqualTo(4_000);
        assertThat(counts.get("s2").get()).isEqualTo(8_000);
        assertThat(counts.get("s3").get()).isEqualTo(12_000);
    }
}
