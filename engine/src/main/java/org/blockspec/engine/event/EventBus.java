package org.blockspec.engine.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.spi.Clock;

/**
 * Broadcasts events to every monitor of one engine, stamped with the engine's clock when they
 * happen. Some events are rate-limited as QEMU's monitor limits them: the first goes out at
 * once, later ones within the period are held, and only the last held one goes out when the
 * period ends (with its own timestamp). On the real clock a timer ends the period; on a
 * virtual clock it ends at the first emit or {@link #flushDue()} after virtual time passed it.
 */
public final class EventBus {
    /** QEMU's monitor_qapi_event_conf, for the events blockspec emits. */
    private static final Map<String, Long> RATE_LIMITS = Map.of(
            "QUORUM_REPORT_BAD", TimeUnit.SECONDS.toNanos(1),
            "QUORUM_FAILURE", TimeUnit.SECONDS.toNanos(1));

    /** Events whose limit applies per value of one data member, as QEMU hashes them. */
    private static final Map<String, String> RATE_LIMIT_KEYS = Map.of("QUORUM_REPORT_BAD", "node-name");

    private final Clock clock;
    private final List<Consumer<QmpEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Period> periods = new HashMap<>();
    private ScheduledExecutorService timer;

    /** A running rate-limit period and the event held back in it, if any. */
    private static final class Period {
        final long length;
        long endsAt;
        QmpEvent held;

        Period(long length, long endsAt) {
            this.length = length;
            this.endsAt = endsAt;
        }
    }

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    public AutoCloseable subscribe(Consumer<QmpEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void emit(String name, ObjectNode data) {
        flushDue();
        QmpEvent e = new QmpEvent(name, clock.epochMicros(), data);
        Long limit = RATE_LIMITS.get(name);
        if (limit != null) {
            String member = RATE_LIMIT_KEYS.get(name);
            String key = member == null ? name : name + "\0" + data.path(member).asText();
            synchronized (this) {
                Period p = periods.get(key);
                if (p != null) {
                    p.held = e;
                    return;
                }
                periods.put(key, new Period(limit, clock.nanoTime() + limit));
                schedule(key, limit);
            }
        }
        deliver(e);
    }

    /** Ends the rate-limit periods that are over: their held events go out. */
    public void flushDue() {
        List<String> due;
        synchronized (this) {
            long now = clock.nanoTime();
            due = periods.entrySet().stream().filter(en -> en.getValue().endsAt <= now).map(Map.Entry::getKey).toList();
        }
        for (String key : due) endPeriod(key);
    }

    private void endPeriod(String key) {
        QmpEvent held;
        synchronized (this) {
            Period p = periods.get(key);
            if (p == null || p.endsAt > clock.nanoTime()) return;
            held = p.held;
            if (held == null) {
                periods.remove(key);
                return;
            }
            // Sending the held event starts the next period, as in QEMU.
            p.held = null;
            p.endsAt = clock.nanoTime() + p.length;
            schedule(key, p.length);
        }
        deliver(held);
    }

    private void schedule(String key, long nanos) {
        if (clock != Clock.REAL) return;
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().daemon().name("event-rate-limit").unstarted(r));
        }
        timer.schedule(() -> endPeriod(key), nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops the period timer; held events are dropped with the engine. */
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
    }

    private void deliver(QmpEvent e) {
        for (Consumer<QmpEvent> l : listeners) l.accept(e);
    }
}
