package org.blockspec.engine.spi;

/** Time as the engine sees it: real, or virtual so timed behaviour runs instantly. Stable SPI. */
public interface Clock {
    /** Monotonic nanoseconds for timers and rate limits. */
    long nanoTime();

    /** Wall-clock microseconds since the epoch, for event timestamps. */
    long epochMicros();

    Clock REAL = new Clock() {
        @Override public long nanoTime() { return System.nanoTime(); }

        @Override public long epochMicros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        }
    };
}
