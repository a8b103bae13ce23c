package bascule.lb;

import java.util.List;

/**
 * A weight-expanded table of servers: each server appears as many times as its weight, spread as
 * evenly as possible, in the order HAProxy's map-based algorithms ({@code static-rr}, map-based
 * hashing) use, so that both walk and index it the same way.
 *
 * <p>Filling slot after slot, every server earns its weight as credit and the slot goes to the server
 * whose credit reaches the highest whole multiple of the table size, the earliest declared on a tie;
 * the winner then pays one table size. Ties resolving to declaration order is why the first declared
 * server always comes first, whatever the weights.
 */
final class ServerMap {
    static final ServerMap EMPTY = new ServerMap(new LbServer[0]);

    private final LbServer[] table;

    private ServerMap(LbServer[] table) {
        this.table = table;
    }

    /**
     * Builds the table for {@code servers} (declaration order, all taking traffic). Weights are first
     * divided by {@code divisor} rounding up, as HAProxy divides by the GCD of the configured weights
     * to keep the table small; the order does not depend on it.
     */
    static ServerMap build(List<LbServer> servers, int divisor) {
        int n = servers.size();
        int[] weights = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.max(0, (servers.get(i).weight() + divisor - 1) / divisor);
            total += weights[i];
        }
        if (total == 0) {
            return EMPTY;
        }
        LbServer[] table = new LbServer[total];
        int[] credit = new int[n];
        for (int slot = 0; slot < total; slot++) {
            int best = -1;
            int bestRank = 0;
            for (int i = 0; i < n; i++) {
                if (weights[i] == 0) {
                    continue;
                }
                if (total == 1) {
                    best = i;
                    break;
                }
                credit[i] += weights[i];
                int rank = (credit[i] + total) / total;
                if (best < 0 || rank > bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            table[slot] = servers.get(best);
            credit[best] -= total;
        }
        return new ServerMap(table);
    }

    int size() {
        return table.length;
    }

    LbServer at(int index) {
        return table[index];
    }

    /**
     * The slot for an unsigned 32-bit hash, then moved forward past {@code avoid} when the table holds
     * another server; null when empty.
     */
    LbServer forHash(int hash, LbServer avoid) {
        if (table.length == 0) {
            return null;
        }
        int start = (int) (Integer.toUnsignedLong(hash) % table.length);
        for (int k = 0; k < table.length; k++) {
            LbServer s = table[(start + k) % table.length];
            if (s != avoid) {
                return s;
            }
        }
        return table[start];
    }

    /**
     * Round-robin step: the first slot from {@code start} (wrapping) whose server is not full and is not
     * {@code avoid}; failing that, the first slot holding {@code avoid} if it is not full; -1 if every
     * server is full or the table is empty.
     */
    int walk(int start, LbServer avoid) {
        int size = table.length;
        if (size == 0) {
            return -1;
        }
        int from = start < 0 || start >= size ? 0 : start;
        int avoided = -1;
        for (int k = 0; k < size; k++) {
            int index = (from + k) % size;
            LbServer s = table[index];
            if (Eligibility.isFull(s)) {
                continue;
            }
            if (s != avoid) {
                return index;
            }
            if (avoided < 0) {
                avoided = index;
            }
        }
        return avoided;
    }
}
