package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConsistentHashRingTest {

    private static ConsistentHashRing ring(List<? extends LbServer> servers) {
        return ConsistentHashRing.of(new ArrayList<>(servers));
    }

    @Test
    void pointsFollowWeightAndId() {
        FakeServer s = FakeServer.active(3, 2);
        ConsistentHashRing ring = ring(List.of(s));
        assertThat(ring.size()).isEqualTo(2 * 16);
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            positions.add(ring.positionAt(i));
        }
        for (int i = 0; i < 32; i++) {
            assertThat(positions).contains(Hashes.avalanche(3 * 4096 + i));
        }
    }

    @Test
    void sharesFollowWeights() {
        List<FakeServer> servers = FakeServer.actives(1, 3);
        ConsistentHashRing ring = ring(servers);
        SplittableRandom random = new SplittableRandom(42);
        int toHeavy = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (ring.lookup(random.nextInt(), null) == servers.get(1)) {
                toHeavy++;
            }
        }
        assertThat(toHeavy / (double) n).isBetween(0.65, 0.85);
    }

    @Test
    void removingAServerMovesOnlyItsKeys() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1, 1, 1);
        ConsistentHashRing before = ring(servers);
        List<FakeServer> withoutThird = new ArrayList<>(servers);
        withoutThird.remove(2);
        ConsistentHashRing after = ring(withoutThird);
        SplittableRandom random = new SplittableRandom(7);
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            int key = random.nextInt();
            LbServer was = before.lookup(key, null);
            LbServer now = after.lookup(key, null);
            if (was != servers.get(2)) {
                assertThat(now).isSameAs(was);
            } else {
                moved++;
                assertThat(now).isNotSameAs(servers.get(2));
            }
        }
        assertThat(moved).isBetween(1_000, 3_000);
    }

    @Test
    void addingAServerTakesKeysOnlyForItself() {
        List<FakeServer> servers = FakeServer.actives(1, 1, 1, 1);
        ConsistentHashRing before = ring(servers.subList(0, 3));
        ConsistentHashRing after = ring(servers);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 10_000; i++) {
            int key = random.nextInt();
            LbServer now = after.lookup(key, null);
            if (now != servers.get(3)) {
                assertThat(now).isSameAs(before.lookup(key, null));
            }
        }
    }

    @Test
    void avoidWalksToAnotherServer() {
        List<FakeServer> servers = FakeServer.actives(1, 1);
        ConsistentHashRing ring = ring(servers);
        for (int key = 0; key < 1_000_000_000; key += 10_000_019) {
            LbServer natural = ring.lookup(key, null);
            LbServer other = ring.lookup(key, natural);
            assertThat(other).isNotNull().isNotSameAs(natural);
        }
        ConsistentHashRing single = ring(servers.subList(0, 1));
        assertThat(single.lookup(5, servers.get(0))).isSameAs(servers.get(0));
    }

    @Test
    void emptyRingFindsNothing() {
        assertThat(ConsistentHashRing.EMPTY.lookup(1, null)).isNull();
        assertThat(ConsistentHashRing.EMPTY.walk(Long.MIN_VALUE, null)).isEqualTo(-1);
    }
}
