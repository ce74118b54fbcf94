package org.blockspec.drivers.throttle;

/**
 * One throttling bucket as QEMU's util/throttle.c models it: a level that I/O fills and time
 * drains at the average rate, plus, with a burst limit, a burst level drained at the burst
 * rate. Waiting is computed, not polled, so on a virtual clock the rates come out exact.
 */
final class LeakyBucket {
    private static final double NS = 1e9;

    private final ThrottleLimits.Rate rate;
    private double level;
    private double burstLevel;

    LeakyBucket(ThrottleLimits.Rate rate) {
        this.rate = rate;
    }

    void leak(long deltaNs) {
        level = Math.max(level - rate.avg() * (double) deltaNs / NS, 0);
        if (rate.burstLength() > 1) burstLevel = Math.max(burstLevel - rate.max() * (double) deltaNs / NS, 0);
    }

    void fill(double units) {
        level += units;
        if (rate.burstLength() > 1) burstLevel += units;
    }

    /** Nanoseconds to wait before the next request may go, 0 if it may go now. */
    long waitNs() {
        if (rate.avg() == 0) return 0;
        double bucketSize;
        double burstBucketSize;
        if (rate.max() == 0) {
            // Without a burst limit, still allow a tenth of a second's worth at once.
            bucketSize = rate.avg() / 10.0;
            burstBucketSize = 0;
        } else {
            bucketSize = (double) rate.max() * rate.burstLength();
            burstBucketSize = rate.max() / 10.0;
        }
        double extra = level - bucketSize;
        if (extra > 0) return (long) (extra * NS / rate.avg());
        if (rate.burstLength() > 1) {
            extra = burstLevel - burstBucketSize;
            if (extra > 0) return (long) (extra * NS / rate.max());
        }
        return 0;
    }
}
