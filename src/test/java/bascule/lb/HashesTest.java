package bascule.lb;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.HashFunction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashesTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private static long unsigned(int h) {
        return Integer.toUnsignedLong(h);
    }

    /** Expected values printed by HAProxy 2.6's sdbm/djb2/wt6/crc32 converters, e.g. %[str(hello),wt6(1)]. */
    @Test
    void matchHaproxysConverters() {
        assertThat(unsigned(Hashes.hash(HashFunction.SDBM, false, HELLO))).isEqualTo(684824882L);
        assertThat(unsigned(Hashes.hash(HashFunction.DJB2, false, HELLO))).isEqualTo(261238937L);
        assertThat(unsigned(Hashes.hash(HashFunction.WT6, false, HELLO))).isEqualTo(3538347703L);
        assertThat(unsigned(Hashes.hash(HashFunction.CRC32, false, HELLO))).isEqualTo(907060870L);
        assertThat(unsigned(Hashes.hash(HashFunction.SDBM, true, HELLO))).isEqualTo(2061535398L);
        assertThat(unsigned(Hashes.hash(HashFunction.DJB2, true, HELLO))).isEqualTo(1119739105L);
        assertThat(unsigned(Hashes.hash(HashFunction.WT6, true, HELLO))).isEqualTo(140457739L);
        assertThat(unsigned(Hashes.hash(HashFunction.CRC32, true, HELLO))).isEqualTo(3902247103L);
        byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(unsigned(Hashes.hash(HashFunction.CRC32, false, digits))).isEqualTo(0xCBF43926L);
        assertThat(unsigned(Hashes.hash(HashFunction.WT6, false, digits))).isEqualTo(2225171485L);
        byte[] uri = "/index.html?x=1".getBytes(StandardCharsets.US_ASCII);
        assertThat(unsigned(Hashes.hash(HashFunction.SDBM, false, uri))).isEqualTo(1741727267L);
    }

    @Test
    void smallKnownValues() {
        byte[] a = {'a'};
        assertThat(Hashes.sdbm(a, 0, 1)).isEqualTo(97);
        assertThat(Hashes.djb2(a, 0, 1)).isEqualTo(5381 * 33 + 97);
        assertThat(Hashes.djb2(new byte[0], 0, 0)).isEqualTo(5381);
        assertThat(Hashes.sdbm(new byte[] {'a', 'b'}, 0, 2)).isEqualTo(98 + 97 * 65599);
    }

    @Test
    void rangeIsRespected() {
        byte[] padded = "xxhelloyy".getBytes(StandardCharsets.US_ASCII);
        for (HashFunction f : HashFunction.values()) {
            assertThat(Hashes.hash(f, false, padded, 2, 5)).as(f.name()).isEqualTo(Hashes.hash(f, false, HELLO));
        }
    }

    @Test
    void bytesAreUnsigned() {
        byte[] high = {(byte) 0xff, (byte) 0x80};
        assertThat(Hashes.sdbm(high, 0, 2)).isEqualTo(0x80 + 0xff * 65599);
    }

    @Test
    void addressFoldingXorsBigEndianWords() {
        assertThat(Hashes.foldAddress(new byte[] {127, 0, 0, 1})).isEqualTo(0x7f000001);
        byte[] v6 = new byte[16];
        v6[3] = 1;
        v6[15] = 3;
        v6[0] = (byte) 0x20;
        assertThat(Hashes.foldAddress(v6)).isEqualTo(0x20000001 ^ 0x00000003);
    }

    @Test
    void avalancheSpreadsNeighbours() {
        assertThat(Hashes.avalanche(1)).isNotEqualTo(Hashes.avalanche(2));
        assertThat(Integer.bitCount(Hashes.avalanche(1) ^ Hashes.avalanche(2))).isGreaterThan(8);
    }
}
