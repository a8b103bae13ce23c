package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.HashFunction;
import bascule.model.HashType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SourceHashTest {
    private static final HashType MAP_BASED = HashType.DEFAULT;
    private static final HashType CONSISTENT = new HashType(true, HashFunction.SDBM, false);

    private static LoadBalancer source(List<FakeServer> servers, HashType hashType) {
        return LoadBalancers.create(new Balance(Algorithm.SOURCE, 2), hashType, servers, false);
    }

    private static LbRequest from(int a, int b, int c, int d) {
        return new LbRequest(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    private static List<LbRequest> clients(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LbRequest> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] address = new byte[4];
            random.nextBytes(address);
            list.add(new LbRequest(address));
        }
        return list;
    }

    @Test
    void sameClientSameServer() {
        for (HashType type : List.of(MAP_BASED, CONSISTENT)) {
            LoadBalancer lb = source(FakeServer.actives(1, 1, 1, 1), type);
            for (LbRequest client : clients(50, 1)) {
                LbServer first = lb.pick(client, null);
                for (int i = 0; i < 5; i++) {
                    assertThat(lb.pick(client, null)).isSameAs(first);
                }
            }
        }
    }

    @Test
    void mapBasedIsHashModuloTotalWeight() {
        // 127.0.0.1 folds to 0x7f000001; 2130706433 % 6 = 5; HAProxy's table for weights 1,2,3 is 1 3 2 3 2 3.
        LoadBalancer lb = source(FakeServer.actives(1, 2, 3), MAP_BASED);
        assertThat(lb.pick(from(127, 0, 0, 1), null).name()).isEqualTo("s3");
        // 127.0.0.2 -> 2130706434 % 6 = 0 -> s1
        assertThat(lb.pick(from(127, 0, 0, 2), null).name()).isEqualTo("s1");
    }

    @Test
    void spreadFollowsWeights() {
        for (HashType type : List.of(MAP_BASED, CONSISTENT, new HashType(false, HashFunction.SDBM, true))) {
            LoadBalancer lb = source(FakeServer.actives(1, 1, 2), type);
            Map<String, Integer> counts = new HashMap<>();
            for (LbRequest client : clients(8_000, 3)) {
                counts.merge(lb.pick(client, null).name(), 1, Integer::sum);
            }
            assertThat(counts.get("s3") / 8_000.0).as(type.toString()).isBetween(0.42, 0.58);
            assertThat(counts.get("s1") / 8_000.0).as(type.toString()).isBetween(0.18, 0.32);
        }
    }

    @Test
    void consistentHashingMovesOnlyTheLostServersClients() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1, 1, 1);
        LoadBalancer lb = source(servers, CONSISTENT);
        List<LbRequest> clients = clients(5_000, 5);
        List<LbServer> before = clients.stream().map(c -> lb.pick(c, null)).toList();
        servers.get(1).usable(false);
        lb.update();
        int moved = 0;
        for (int i = 0; i < clients.size(); i++) {
            LbServer now = lb.pick(clients.get(i), null);
            if (before.get(i) == servers.get(1)) {
                moved++;
                assertThat(now).isNotSameAs(servers.get(1));
            } else {
                assertThat(now).isSameAs(before.get(i));
            }
        }
        assertThat(moved).isGreaterThan(500);
        servers.get(1).usable(true);
        lb.update();
        for (int i = 0; i < clients.size(); i++) {
            assertThat(lb.pick(clients.get(i), null)).isSameAs(before.get(i));
        }
    }

    @Test
    void mapBasedReshufflesWhenAServerGoes() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1, 1, 1);
        LoadBalancer lb = source(servers, MAP_BASED);
        List<LbRequest> clients = clients(2_000, 6);
        List<LbServer> before = clients.stream().map(c -> lb.pick(c, null)).toList();
        servers.get(1).usable(false);
        lb.update();
        long unchanged = 0;
        for (int i = 0; i < clients.size(); i++) {
            if (lb.pick(clients.get(i), null) == before.get(i)) {
                unchanged++;
            }
        }
        assertThat(unchanged).as("the price of map-based hashing").isLessThan(1_200);
    }

    @Test
    void ipv6AddressesHash() {
        LoadBalancer lb = source(FakeServer.actives(1, 1, 1), CONSISTENT);
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[15] = 7;
        LbServer first = lb.pick(new LbRequest(v6), null);
        assertThat(first).isNotNull();
        assertThat(lb.pick(new LbRequest(v6.clone()), null)).isSameAs(first);
    }

    @Test
    void fullServerKeepsItsClientsButAvoidMovesThem() {
        for (HashType type : List.of(MAP_BASED, CONSISTENT)) {
            List<FakeServer> servers = FakeServer.actives(1, 1, 1);
            LoadBalancer lb = source(servers, type);
            LbRequest client = from(10, 1, 2, 3);
            FakeServer home = (FakeServer) lb.pick(client, null);
            home.maxConnections(1).connections(1);
            assertThat(lb.pick(client, null)).as("sticky even when full").isSameAs(home);
            assertThat(lb.pick(client, home)).as("redispatch").isNotNull().isNotSameAs(home);
        }
    }

    @Test
    void clientWithoutAddressIsBalancedRoundRobin() {
        for (HashType type : List.of(MAP_BASED, CONSISTENT)) {
            LoadBalancer lb = source(FakeServer.actives(1, 1, 1), type);
            Map<String, Integer> counts = Picks.counts(lb, 3_000);
            assertThat(counts).containsOnlyKeys("s1", "s2", "s3");
            if (!type.consistent()) {
                assertThat(counts).containsEntry("s1", 1_000).containsEntry("s2", 1_000);
            }
        }
    }
}
