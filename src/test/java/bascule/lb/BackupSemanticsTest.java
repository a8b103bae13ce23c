package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.Algorithm;
import bascule.model.Balance;
import bascule.model.HashFunction;
import bascule.model.HashType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules every algorithm shares: weight 0, backups, option allbackups, avoid, nothing usable. */
class BackupSemanticsTest {

    static List<Arguments> algorithms() {
        HashType consistent = new HashType(true, HashFunction.SDBM, false);
        return List.of(
                Arguments.of(Algorithm.ROUNDROBIN, HashType.DEFAULT),
                Arguments.of(Algorithm.STATIC_RR, HashType.DEFAULT),
                Arguments.of(Algorithm.LEASTCONN, HashType.DEFAULT),
                Arguments.of(Algorithm.FIRST, HashType.DEFAULT),
                Arguments.of(Algorithm.SOURCE, HashType.DEFAULT),
                Arguments.of(Algorithm.SOURCE, consistent),
                Arguments.of(Algorithm.RANDOM, HashType.DEFAULT));
    }

    private final SplittableRandom addresses = new SplittableRandom(11);

    /** Who takes 400 new streams, from varied client addresses. */
    private Set<String> chosen(LoadBalancer lb) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            byte[] address = new byte[4];
            addresses.nextBytes(address);
            LbServer s = lb.pick(new LbRequest(address), null);
            names.add(s == null ? "-" : s.name());
        }
        return names;
    }

    private static List<FakeServer> backend() {
        return List.of(
                FakeServer.active(1, 1),
                FakeServer.active(2, 1),
                FakeServer.active(3, 0),
                FakeServer.backup(4, 1),
                FakeServer.backup(5, 1),
                FakeServer.backup(6, 1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithms")
    void activesOnlyAndNeverWeightZero(Algorithm algorithm, HashType hashType) {
        List<FakeServer> servers = backend();
        LoadBalancer lb = LoadBalancers.create(new Balance(algorithm, 2), hashType, servers, false);
        Set<String> names = chosen(lb);
        assertThat(names).isSubsetOf("s1", "s2");
        if (algorithm != Algorithm.FIRST) {
            assertThat(names).containsExactlyInAnyOrder("s1", "s2");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithms")
    void firstUsableBackupOnlyWhenActivesAreGone(Algorithm algorithm, HashType hashType) {
        List<FakeServer> servers = backend();
        LoadBalancer lb = LoadBalancers.create(new Balance(algorithm, 2), hashType, servers, false);
        servers.get(0).usable(false);
        servers.get(1).usable(false);
        servers.get(3).usable(false);
        lb.update();
        assertThat(chosen(lb)).containsExactly("b5");
        servers.get(3).usable(true);
        lb.update();
        assertThat(chosen(lb)).containsExactly("b4");
        servers.get(1).usable(true);
        lb.update();
        assertThat(chosen(lb)).containsExactly("s2");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithms")
    void allBackupsShareTheLoad(Algorithm algorithm, HashType hashType) {
        List<FakeServer> servers = backend();
        LoadBalancer lb = LoadBalancers.create(new Balance(algorithm, 2), hashType, servers, true);
        servers.get(0).usable(false);
        servers.get(1).usable(false);
        lb.update();
        Set<String> names = chosen(lb);
        if (algorithm == Algorithm.FIRST) {
            assertThat(names).containsExactly("b4"); // first fills the lowest id until it is full
        } else {
            assertThat(names).containsExactlyInAnyOrder("b4", "b5", "b6");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithms")
    void avoidedServerIsSkippedWhenAnotherExists(Algorithm algorithm, HashType hashType) {
        List<FakeServer> servers = backend();
        LoadBalancer lb = LoadBalancers.create(new Balance(algorithm, 2), hashType, servers, false);
        for (int i = 0; i < 100; i++) {
            byte[] address = new byte[4];
            addresses.nextBytes(address);
            assertThat(lb.pick(new LbRequest(address), servers.get(0))).isSameAs(servers.get(1));
        }
        servers.get(1).usable(false);
        lb.update();
        assertThat(lb.pick(new LbRequest(new byte[] {1, 2, 3, 4}), servers.get(0))).isSameAs(servers.get(0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithms")
    void nothingUsableMeansNull(Algorithm algorithm, HashType hashType) {
        List<FakeServer> servers = backend();
        LoadBalancer lb = LoadBalancers.create(new Balance(algorithm, 2), hashType, servers, true);
        servers.forEach(s -> s.usable(false));
        lb.update();
        assertThat(chosen(lb)).containsExactly("-");
        servers.get(5).usable(true);
        lb.update();
        assertThat(chosen(lb)).containsExactly("b6");
        assertThat(LoadBalancers.create(new Balance(algorithm, 2), hashType, List.of(), false)
                .pick(LbRequest.NONE, null)).isNull();
    }
}
