package org.blockspec.engine;

import java.util.concurrent.atomic.AtomicLong;

import org.blockspec.engine.spi.Clock;

/**
 * A clock that only moves when someone waits on it: ten seconds of throttled I/O take no
 * time at all, and every rate observed is exactly the configured one. Event timestamps
 * start at the real time the clock was made.
 */
public final class VirtualClock implements Clock {
    private final long epochMicrosAtZero = Clock.REAL.epochMicros();
    private final AtomicLong nanos = new AtomicLong();

    @Override public long nanoTime() { return nanos.get(); }

    @Override public long epochMicros() { return epochMicrosAtZero + nanos.get() / 1_000; }

    @Override public void sleep(long delta) {
        if (delta > 0) nanos.addAndGet(delta);
    }

    /** Moves the clock forward to {@code nanos} (never back): a driven event loop reaching a timer's deadline. */
    public void advanceTo(long nanos) {
        this.nanos.accumulateAndGet(nanos, Math::max);
    }

    @Override public String toString() { return "virtual clock at " + nanos.get() + " ns"; }
}
