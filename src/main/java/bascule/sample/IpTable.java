package bascule.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Longest-prefix lookup of IPv4 and IPv6 networks (ACL {@code -m ip} and {@code map_ip}). Networks are
 * grouped by prefix length into sorted arrays; a lookup masks the address once per distinct length,
 * longest first, and binary-searches, so it allocates nothing. IPv4 samples also match v4-mapped IPv6
 * networks and the reverse, as HAProxy's IP matching does.
 */
final class IpTable<V> {
    /** One network in the making. */
    record Entry<V>(byte[] network, int prefix, V value) {
    }

    private final Level<V>[] v4;
    private final Level<V>[] v6;

    /** Networks of one prefix length: sorted keys (1 long for v4, 2 for v6) and their values. */
    private record Level<V>(int prefix, long[] keys, Object[] values) {
    }

    IpTable(List<Entry<V>> entries) {
        this.v4 = levels(entries, 4);
        this.v6 = levels(entries, 16);
    }

    boolean isEmpty() {
        return v4.length == 0 && v6.length == 0;
    }

    @SuppressWarnings("unchecked")
    private static <V> Level<V>[] levels(List<Entry<V>> entries, int size) {
        int width = size == 4 ? 1 : 2;
        TreeMap<Integer, List<Entry<V>>> byLength = new TreeMap<>((a, b) -> b - a);
        for (Entry<V> e : entries) {
            if (e.network.length == size) {
                byLength.computeIfAbsent(e.prefix, k -> new ArrayList<>()).add(e);
            }
        }
        List<Level<V>> out = new ArrayList<>();
        for (var level : byLength.entrySet()) {
            List<long[]> keyed = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (Entry<V> e : level.getValue()) {
                long[] k = key(IpAddresses.mask(e.network, e.prefix));
                boolean duplicate = false;
                for (long[] seen : keyed) {
                    duplicate |= Arrays.equals(seen, k);
                }
                if (!duplicate) { // the first line of a file wins, as in HAProxy
                    keyed.add(k);
                    values.add(e.value);
                }
            }
            Integer[] order = new Integer[keyed.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> compare(keyed.get(a), 0, keyed.get(b)));
            long[] keys = new long[order.length * width];
            Object[] vals = new Object[order.length];
            for (int i = 0; i < order.length; i++) {
                System.arraycopy(keyed.get(order[i]), 0, keys, i * width, width);
                vals[i] = values.get(order[i]);
            }
            out.add(new Level<>(level.getKey(), keys, vals));
        }
        return out.toArray(new Level[0]);
    }

    private static long[] key(byte[] a) {
        return a.length == 4 ? new long[] {word(a, 0, 4)} : new long[] {word(a, 0, 8), word(a, 8, 8)};
    }

    private static long word(byte[] a, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = (v << 8) | (a[i] & 0xff);
        }
        return v;
    }

    private static int compare(long[] a, int offset, long[] b) {
        for (int i = 0; i < b.length; i++) {
            int c = Long.compareUnsigned(a[offset + i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The value of the longest network holding {@code address}, or null. */
    V lookup(byte[] address) {
        if (address.length == 4) {
            V v = lookup4(word(address, 0, 4));
            return v != null || v6.length == 0 ? v : lookup6(IpAddresses.mapV4(address));
        }
        V v = lookup6(address);
        if (v == null && v4.length > 0) {
            byte[] inner = IpAddresses.unmapV4(address);
            if (inner != null) {
                v = lookup4(word(inner, 0, 4));
            }
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private V lookup4(long a) {
        for (Level<V> level : v4) {
            long masked = level.prefix == 0 ? 0 : a & (0xffffffffL << (32 - level.prefix)) & 0xffffffffL;
            int i = Arrays.binarySearch(level.keys, masked);
            if (i >= 0) {
                return (V) level.values[i];
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private V lookup6(byte[] address) {
        long hi = word(address, 0, 8);
        long lo = word(address, 8, 8);
        for (Level<V> level : v6) {
            int p = level.prefix;
            long mh = p >= 64 ? hi : p == 0 ? 0 : hi & (-1L << (64 - p));
            long ml = p <= 64 ? 0 : p >= 128 ? lo : lo & (-1L << (128 - p));
            int low = 0;
            int high = level.values.length - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = Long.compareUnsigned(level.keys[2 * mid], mh);
                if (c == 0) {
                    c = Long.compareUnsigned(level.keys[2 * mid + 1], ml);
                }
                if (c == 0) {
                    return (V) level.values[mid];
                } else if (c < 0) {
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
        }
        return null;
    }

    /** Parses "addr", "addr/len" or "addr/dotted-mask"; null when it is not a network. */
    static <V> Entry<V> parseNetwork(String text, V value) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] a = IpAddresses.parse(addr);
        if (a == null) {
            return null;
        }
        int prefix = a.length * 8;
        if (slash >= 0) {
            String m = text.substring(slash + 1);
            if (a.length == 4) {
                prefix = IpAddresses.v4PrefixLength(m);
            } else {
                try {
                    prefix = Integer.parseInt(m);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (prefix > 128) {
                    return null;
                }
            }
            if (prefix < 0) {
                return null;
            }
        }
        return new Entry<>(a, prefix, value);
    }
}
