package org.blockspec.engine.job;

/**
 * QEMU's ratelimit.h, as block jobs use it: time is cut into slices (100 ms for jobs); a
 * slice lets {@code speed * slice} bytes through, and work past the quota delays the next
 * request to where a slice of that size would have ended. Quota and end times are rounded
 * the way QEMU rounds them (doubles truncated to integers), so waits come out to the
 * nanosecond as QEMU's would.
 */
public final class RateLimit {
    private long sliceStart;
    private long sliceEnd;
    private long sliceQuota;
    private long sliceNanos;
    private long dispatched;

    /** ratelimit_set_speed: 0 turns limiting off. */
    public void setSpeed(long bytesPerSecond, long sliceNanos) {
        this.sliceNanos = sliceNanos;
        this.sliceQuota = bytesPerSecond == 0 ? 0 : (long) Math.max((double) bytesPerSecond * sliceNanos / 1e9, 1);
    }

    /**
     * ratelimit_calculate_delay: records {@code n} more bytes at {@code now} and returns how
     * long to wait before the next request, 0 when the slice still has room.
     */
    public long delay(long now, long n) {
        if (sliceQuota == 0) return 0;
        if (sliceEnd < now) {
            sliceStart = now;
            sliceEnd = now + sliceNanos;
            dispatched = 0;
        }
        dispatched += n;
        if (Long.compareUnsigned(dispatched, sliceQuota) < 0) return 0;
        double slices = (double) dispatched / sliceQuota;
        sliceEnd = sliceStart + (long) (slices * sliceNanos);
        return sliceEnd - now;
    }
}
