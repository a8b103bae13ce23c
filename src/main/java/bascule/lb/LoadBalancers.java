package bascule.lb;

import bascule.model.Balance;
import bascule.model.HashType;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** Builds the {@link LoadBalancer} for a backend's {@code balance} line. */
public final class LoadBalancers {
    private LoadBalancers() {
    }

    /**
     * @param balance the algorithm and its arguments ({@code random(n)} draws, what the hashing ones hash);
     *     give {@link Balance#forMode} of the proxy's mode, so layer-7 algorithms become round-robin in TCP
     * @param hashType how hashing algorithms map keys to servers; ignored by the others
     * @param servers the backend's servers in declaration order, backups included
     * @param allBackups {@code option allbackups}: balance over every usable backup, not just the first
     */
    public static LoadBalancer create(Balance balance, HashType hashType, List<? extends LbServer> servers,
            boolean allBackups) {
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(servers, "servers");
        HashType hashing = hashType == null ? HashType.DEFAULT : hashType;
        return switch (balance.algorithm()) {
            case ROUNDROBIN -> new WeightedRoundRobin(servers, allBackups);
            case STATIC_RR -> new StaticRoundRobin(servers, allBackups);
            case LEASTCONN -> new LeastConn(servers, allBackups);
            case FIRST -> new FirstAvailable(servers, allBackups);
            case SOURCE, URI, URL_PARAM, HDR, HASH -> new HashBalancer(servers, allBackups, hashing,
                    RequestKeys.hasher(balance.key(), hashing));
            case RANDOM -> new RandomDraws(servers, allBackups, balance.draws(), RandomGenerator.getDefault());
        };
    }
}
