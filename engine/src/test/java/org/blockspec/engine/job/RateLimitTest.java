package org.blockspec.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The waits QEMU's ratelimit.h gives a block job (100 ms slices), worked out by hand from
 * its formulas: the quota is speed x slice truncated to whole bytes; past it, the slice is
 * stretched to dispatched / quota slices, truncated to whole nanoseconds.
 */
class RateLimitTest {
    private static final long MIB = 1 << 20;

    @Test
    void underTheQuotaNothingWaits() {
        RateLimit r = new RateLimit();
        r.setSpeed(10 * MIB, Job.SLICE_NANOS); // quota 1048576 bytes per slice
        assertEquals(0, r.delay(0, 512 * 1024));
        assertEquals(0, r.delay(0, 512 * 1024 - 1));
    }

    @Test
    void fourMegabytesAtOneMegabytePerSecond() {
        RateLimit r = new RateLimit();
        r.setSpeed(MIB, Job.SLICE_NANOS); // quota 104857 (104857.6 truncated)
        // 1048576 / 104857 = 10.0000572... slices of 100 ms, truncated to the nanosecond.
        assertEquals(1_000_005_722L, r.delay(0, MIB));
        assertEquals(2_000_011_444L, r.delay(0, MIB));
        assertEquals(3_000_017_166L, r.delay(0, MIB));
        assertEquals(4_000_022_888L, r.delay(0, MIB));
    }

    @Test
    void theSliceKeepsCountingWhileTheJobIsOnTime() {
        RateLimit r = new RateLimit();
        r.setSpeed(16 * MIB, Job.SLICE_NANOS); // quota 1677721
        // 16777216 / 1677721 = 10.0000035... slices.
        long d = r.delay(0, 16 * MIB);
        assertEquals(1_000_000_357L, d);
        // Woken exactly at the end of the stretched slice: it is not over, so it keeps counting
        // (20.0000071... slices from the slice's start).
        assertEquals(2_000_000_715L - d, r.delay(d, 16 * MIB));
        // Later than that, a new slice starts.
        assertEquals(0, r.delay(10_000_000_000L, MIB));
    }

    @Test
    void zeroMeansUnlimitedAndTinySpeedsStillLetOneByteThrough() {
        RateLimit r = new RateLimit();
        r.setSpeed(0, Job.SLICE_NANOS);
        assertEquals(0, r.delay(0, Long.MAX_VALUE / 2));
        r.setSpeed(1, Job.SLICE_NANOS); // 0.1 bytes per slice: the quota is at least 1
        assertEquals(65536L * Job.SLICE_NANOS, r.delay(0, 65536));
    }
}
