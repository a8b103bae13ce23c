package bascule.sample;

/**
 * The hash converters' functions, bit-exact with HAProxy's (the same as {@code hash-type} uses; kept here
 * because this package depends on nothing but the JDK). Results are unsigned 32-bit values.
 */
final class Hashes {
    private Hashes() {
    }

    static int sdbm(byte[] key) {
        int h = 0;
        for (byte b : key) {
            h = (b & 0xff) + (h << 6) + (h << 16) - h;
        }
        return h;
    }

    static int djb2(byte[] key) {
        int h = 5381;
        for (byte b : key) {
            h = (h << 5) + h + (b & 0xff);
        }
        return h;
    }

    /** Two lanes mixed by complement, add and data-dependent rotations. */
    static int wt6(byte[] key) {
        int h0 = 0xa53c965a;
        int h1 = 0x5ca6953a;
        int rot0 = 6;
        int rot1 = 18;
        for (byte k : key) {
            int c = k & 0xff;
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

    static int crc32(byte[] key) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(key);
        return (int) crc.getValue();
    }

    /** The avalanche option: Bob Jenkins' integer mix, then a multiply spreading values over 32 bits. */
    static int avalanche(int a) {
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        return a * 0xC0000001;
    }
}
