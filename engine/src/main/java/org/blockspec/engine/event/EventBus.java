package org.blockspec.engine.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.spi.Clock;

/** Broadcasts events to every monitor of one engine, stamped with the engine's clock. */
public final class EventBus {
    private final Clock clock;
    private final List<Consumer<QmpEvent>> listeners = new CopyOnWriteArrayList<>();

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    public AutoCloseable subscribe(Consumer<QmpEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void emit(String name, ObjectNode data) {
        QmpEvent e = new QmpEvent(name, clock.epochMicros(), data);
        for (Consumer<QmpEvent> l : listeners) l.accept(e);
    }
}
