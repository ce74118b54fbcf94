package org.blockspec.engine.spi;

import java.util.concurrent.locks.LockSupport;

/**
 * Time as the engine sees it: real, or virtual so timed behaviour (throttling, rate limits)
 * runs instantly and exactly. Everything timed in the engine and its drivers reads this
 * clock and waits through it. Stable SPI.
 */
public interface Clock {
    /** Monotonic nanoseconds for timers and rate limits. */
    long nanoTime();

    /** Wall-clock microseconds since the epoch, for event timestamps. */
    long epochMicros();

    /** Waits {@code nanos}: sleeps on the real clock, moves time forward on a virtual one. */
    void sleep(long nanos);

    Clock REAL = new Clock() {
        @Override public long nanoTime() { return System.nanoTime(); }

        @Override public long epochMicros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        }

        @Override public void sleep(long nanos) {
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) LockSupport.parkNanos(left);
        }

        @Override public String toString() { return "real clock"; }
    };
}
