package bascule.lb;

import java.util.Arrays;
import java.util.List;

/**
 * Consistent hashing as HAProxy's {@code hash-type consistent} does it: every server owns
 * {@code weight × 16} points on a 32-bit ring, point {@code i} of the server with id {@code id} sitting at
 * {@code avalanche(id × 4096 + i)}. A key goes to the owner of the nearest point, before or after it. A
 * server's points depend only on its own id and weight, so removing a server moves only the keys it
 * owned, adding one takes keys only for itself, and the same ids and weights give the same mapping as
 * HAProxy.
 *
 * <p>Immutable: algorithms build a new ring when the set of servers or their weights change.
 */
final class ConsistentHashRing {
    /** HAProxy's BE_WEIGHT_SCALE: points per unit of user weight. */
    static final int POINTS_PER_WEIGHT = 16;
    /** HAProxy's SRV_EWGHT_RANGE: room reserved per server id for its point numbers. */
    static final int ID_SPACING = 256 * POINTS_PER_WEIGHT;
    private static final int MAX_WEIGHT = 256;

    static final ConsistentHashRing EMPTY = new ConsistentHashRing(new long[0], new LbServer[0]);

    /**
     * Each point packs its position (sign bit flipped so signed order is unsigned order) in the high
     * half and its owner and point number in the low half, so one sort orders the ring and breaks
     * equal positions by declaration order, then point number.
     */
    private final long[] points;
    private final LbServer[] owners;

    private ConsistentHashRing(long[] points, LbServer[] owners) {
        this.points = points;
        this.owners = owners;
    }

    /** The ring of {@code servers} (declaration order) with their current weights. */
    static ConsistentHashRing of(List<LbServer> servers) {
        LbServer[] owners = servers.toArray(new LbServer[0]);
        int count = 0;
        for (LbServer s : owners) {
            count += pointsOf(s);
        }
        long[] points = new long[count];
        int p = 0;
        for (int ordinal = 0; ordinal < owners.length; ordinal++) {
            LbServer s = owners[ordinal];
            int n = pointsOf(s);
            for (int i = 0; i < n; i++) {
                int position = Hashes.avalanche(s.id() * ID_SPACING + i);
                points[p++] = ((long) (position ^ Integer.MIN_VALUE) << 32) | ((long) ordinal << 12) | i;
            }
        }
        Arrays.sort(points);
        return new ConsistentHashRing(points, owners);
    }

    private static int pointsOf(LbServer s) {
        return Math.max(0, Math.min(s.weight(), MAX_WEIGHT)) * POINTS_PER_WEIGHT;
    }

    int size() {
        return points.length;
    }

    /** Ring position (unsigned) of point {@code index}. */
    int positionAt(int index) {
        return (int) (points[index] >>> 32) ^ Integer.MIN_VALUE;
    }

    LbServer ownerAt(int index) {
        return owners[(int) (points[index] >>> 12) & 0xfffff];
    }

    /**
     * The owner of the point nearest to {@code hash} (unsigned); on equal distance the point before it.
     * When that is {@code avoid}, walks clockwise to the next point owned by someone else. Null when
     * the ring is empty.
     */
    LbServer lookup(int hash, LbServer avoid) {
        int n = points.length;
        if (n == 0) {
            return null;
        }
        int next = firstAtOrAfter(hash);
        int prev = (next == 0 ? n : next) - 1;
        if (next == n) {
            next = 0;
        }
        int distanceBefore = hash - positionAt(prev);
        int distanceAfter = positionAt(next) - hash;
        int chosen = Integer.compareUnsigned(distanceBefore, distanceAfter) <= 0 ? prev : next;
        for (int k = 0; k < n && ownerAt(chosen) == avoid; k++) {
            chosen = chosen + 1 == n ? 0 : chosen + 1;
        }
        return ownerAt(chosen) == avoid ? avoid : ownerAt(chosen);
    }

    /** Index of the first point whose position is at or after {@code hash}, or {@link #size()} if none. */
    private int firstAtOrAfter(int hash) {
        long probe = (long) (hash ^ Integer.MIN_VALUE) << 32;
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (points[mid] < probe) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Round-robin over the ring for keyless streams: from the point after {@code cursor} (a value from
     * {@link #pointAt}, or {@code Long.MIN_VALUE} to start at the beginning), the first point whose owner
     * is not full and not {@code avoid}; failing that the first one owned by {@code avoid}; -1 if none.
     */
    int walk(long cursor, LbServer avoid) {
        int n = points.length;
        if (n == 0) {
            return -1;
        }
        int start = firstAfter(cursor);
        int avoided = -1;
        for (int k = 0; k < n; k++) {
            int index = (start + k) % n;
            LbServer s = ownerAt(index);
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

    long pointAt(int index) {
        return points[index];
    }

    private int firstAfter(long cursor) {
        if (cursor == Long.MIN_VALUE) {
            return 0;
        }
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (points[mid] <= cursor) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == points.length ? 0 : lo;
    }
}
