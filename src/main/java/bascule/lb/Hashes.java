package bascule.lb;

import bascule.model.HashFunction;

/**
 * The hash functions of {@code hash-type}, bit-for-bit equal to HAProxy's so that a key lands on the same
 * server in Bascule as in HAProxy. All results are unsigned 32-bit values carried in a Java {@code int};
 * use {@link Integer#toUnsignedLong} to read them as numbers.
 */
public final class Hashes {
    private Hashes() {
    }

    /** Hashes {@code key[offset, offset+length)} with {@code function}, then applies the avalanche modifier if asked. */
    public static int hash(HashFunction function, boolean avalanche, byte[] key, int offset, int length) {
        int h = switch (function) {
            case SDBM -> sdbm(key, offset, length);
            case DJB2 -> djb2(key, offset, length);
            case WT6 -> wt6(key, offset, length);
            case CRC32 -> crc32(key, offset, length);
        };
        return avalanche ? avalanche(h) : h;
    }

    public static int hash(HashFunction function, boolean avalanche, byte[] key) {
        return hash(function, avalanche, key, 0, key.length);
    }

    /** sdbm: h = c + h * 65599 for each byte (HAProxy's default function). */
    public static int sdbm(byte[] key, int offset, int length) {
        int h = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (key[i] & 0xff) + (h << 6) + (h << 16) - h;
        }
        return h;
    }

    /** djb2 (Bernstein): h = h * 33 + c, starting from 5381. */
    public static int djb2(byte[] key, int offset, int length) {
        int h = 5381;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h << 5) + h + (key[i] & 0xff);
        }
        return h;
    }

    /**
     * wt6: two 32-bit lanes mixed by complement, add and data-dependent rotations; fast and well spread
     * on short keys such as addresses and cookies.
     */
    public static int wt6(byte[] key, int offset, int length) {
        int h0 = 0xa53c965a;
        int h1 = 0x5ca6953a;
        int rot0 = 6;
        int rot1 = 18;
        for (int i = offset, end = offset + length; i < end; i++) {
            int c = key[i] & 0xff;
            int a = ~(h0 ^ c);
            int b = ~(h1 + c);
            h0 = Integer.rotateLeft(b, rot0);
            h1 = Integer.rotateLeft(a, rot1);
            int mix = ((h0 >>> 16) ^ h1) & 0xffff;
            rot0 = mix & 0x1f;
            rot1 = mix >>> 11;
        }
        return h0 ^ h1;
    }

    /** Standard CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib computes it. */
    public static int crc32(byte[] key, int offset, int length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(key, offset, length);
        return (int) crc.getValue();
    }

    /**
     * The {@code avalanche} modifier (HAProxy's {@code full_hash}): Bob Jenkins' 32-bit integer mix, so
     * that keys differing in a few bits land far apart, then a multiply by an odd constant near 3/4 of
     * the 32-bit space that HAProxy (since 1.9) adds to spread values around a consistent-hash ring.
     */
    public static int avalanche(int a) {
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        return a * 0xC0000001;
    }

    /**
     * The key {@code balance source} hashes: the client address folded into 32 bits by XOR-ing its
     * big-endian 32-bit words (one word for IPv4, four for IPv6). HAProxy applies only the avalanche
     * modifier to it, never the {@code hash-type} function.
     */
    public static int foldAddress(byte[] address) {
        int h = 0;
        for (int i = 0; i + 4 <= address.length; i += 4) {
            h ^= ((address[i] & 0xff) << 24) | ((address[i + 1] & 0xff) << 16)
                    | ((address[i + 2] & 0xff) << 8) | (address[i + 3] & 0xff);
        }
        return h;
    }
}
