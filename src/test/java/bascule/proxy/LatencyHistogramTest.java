package bascule.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final long MS = 1_000_000L;

    @Test
    void boundsAreInclusiveAndCountsCumulative() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordNanos(MS);          // exactly on the 1 ms bound: counted in le="0.001"
        h.recordNanos(MS + 1);      // just above: le="0.0025"
        h.recordNanos(7 * MS);      // le="0.01"
        h.recordNanos(120_000 * MS); // two minutes: only +Inf
        LatencyHistogram.Snapshot s = h.snapshot();
        double[] b = s.bounds();
        assertThat(b).startsWith(0.0005, 0.001, 0.0025, 0.005, 0.01);
        assertThat(b[b.length - 1]).isEqualTo(60.0);
        assertThat(s.cumulative()).hasSize(b.length + 1);
        assertThat(s.cumulative()[0]).isZero();
        assertThat(s.cumulative()[1]).isEqualTo(1);
        assertThat(s.cumulative()[2]).isEqualTo(2);
        assertThat(s.cumulative()[3]).isEqualTo(2);
        assertThat(s.cumulative()[4]).isEqualTo(3);
        assertThat(s.cumulative()[b.length - 1]).isEqualTo(3);
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.sumSeconds()).isCloseTo(0.001 + 0.001 + 0.007 + 120.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void cumulativeCountsNeverDecrease() {
        LatencyHistogram h = new LatencyHistogram();
        for (long n = 0; n < 70_000 * MS; n = n * 3 + 17) {
            h.recordNanos(n);
        }
        long[] c = h.snapshot().cumulative();
        for (int i = 1; i < c.length; i++) {
            assertThat(c[i]).isGreaterThanOrEqualTo(c[i - 1]);
        }
    }

    @Test
    void negativeDurationsCountAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordNanos(-5);
        LatencyHistogram.Snapshot s = h.snapshot();
        assertThat(s.cumulative()[0]).isEqualTo(1);
        assertThat(s.sumSeconds()).isZero();
    }

    @Test
    void concurrentRecordersLoseNothing() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        int threads = 4;
        int each = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    h.recordNanos((i % 7 + seed) * MS);
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertThat(h.snapshot().count()).isEqualTo((long) threads * each);
    }

    @Test
    void clearEmptiesEverything() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordNanos(3 * MS);
        h.clear();
        LatencyHistogram.Snapshot s = h.snapshot();
        assertThat(s.count()).isZero();
        assertThat(s.sumSeconds()).isZero();
    }

    @Test
    void bucketOfMatchesALinearScan() {
        double[] b = LatencyHistogram.bounds();
        for (long n : new long[] {0, 1, 499_999, 500_000, 500_001, 59_999_999_999L, 60_000_000_000L,
                60_000_000_001L, Long.MAX_VALUE}) {
            int expected = b.length;
            for (int i = 0; i < b.length; i++) {
                if (n <= Math.round(b[i] * 1e9)) {
                    expected = i;
                    break;
                }
            }
            assertThat(LatencyHistogram.bucketOf(n)).as("bucket of %d ns", n).isEqualTo(expected);
        }
    }
}
