package org.blockspec.drivers.throttle;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Clock;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.UserObject;
import org.blockspec.engine.spi.UserObjectFactory;

/**
 * A throttle-group object: limits shared by every throttle node that names it, so all of
 * them together stay within the budget. Requests wait on the engine's clock.
 */
public final class ThrottleGroup implements UserObject {
    /** object-add's {@code throttle-group} type. */
    public static final class Factory implements UserObjectFactory {
        @Override public String type() { return "throttle-group"; }

        @Override public List<OptionField> options() {
            return List.of(OptionField.optional("limits", LIMITS));
        }

        @Override public UserObject create(String id, OptionValues options, Clock clock) throws BlockException {
            ThrottleLimits limits = ThrottleLimits.NONE.with(options.struct("limits"));
            return new ThrottleGroup(id, limits, clock);
        }
    }

    static final OptionType LIMITS = new OptionType.Struct("ThrottleLimits", ThrottleLimits.fields());

    private final String id;
    private final Clock clock;
    private ThrottleLimits limits;
    private Map<ThrottleLimits.Kind, LeakyBucket> buckets;
    private long lastLeak;
    private int members;

    private ThrottleGroup(String id, ThrottleLimits limits, Clock clock) {
        this.id = id;
        this.clock = clock;
        configure(limits);
    }

    private void configure(ThrottleLimits l) {
        limits = l;
        buckets = new EnumMap<>(ThrottleLimits.Kind.class);
        for (ThrottleLimits.Kind k : ThrottleLimits.Kind.values()) buckets.put(k, new LeakyBucket(l.rates().get(k)));
        lastLeak = clock.nanoTime();
    }

    @Override public String id() { return id; }

    @Override public List<OptionField> properties() {
        return List.of(OptionField.optional("limits", LIMITS));
    }

    @Override public Object get(String property) {
        return limits.toMap();
    }

    @Override public void set(String property, Object value) throws BlockException {
        configure(limits.with((OptionValues) value));
    }

    @Override public String busy() {
        return members > 0 ? members + " throttle nodes use it" : null;
    }

    void join() { members++; }

    void leave() { members--; }

    /** Waits until a request of {@code bytes} may go, then counts it (QEMU's order). */
    void admit(boolean write, long bytes) {
        while (true) {
            leak();
            long wait = 0;
            for (ThrottleLimits.Kind k : relevant(write)) wait = Math.max(wait, buckets.get(k).waitNs());
            if (wait == 0) break;
            clock.sleep(wait);
        }
        double ops = limits.iopsSize() != 0 && bytes > limits.iopsSize() ? (double) bytes / limits.iopsSize() : 1.0;
        for (ThrottleLimits.Kind k : relevant(write)) buckets.get(k).fill(k.bytes() ? bytes : ops);
    }

    private void leak() {
        long now = clock.nanoTime();
        long delta = now - lastLeak;
        lastLeak = now;
        if (delta <= 0) return;
        for (LeakyBucket b : buckets.values()) b.leak(delta);
    }

    private static List<ThrottleLimits.Kind> relevant(boolean write) {
        return write ? List.of(ThrottleLimits.Kind.BPS_TOTAL, ThrottleLimits.Kind.IOPS_TOTAL,
                ThrottleLimits.Kind.BPS_WRITE, ThrottleLimits.Kind.IOPS_WRITE)
                : List.of(ThrottleLimits.Kind.BPS_TOTAL, ThrottleLimits.Kind.IOPS_TOTAL,
                ThrottleLimits.Kind.BPS_READ, ThrottleLimits.Kind.IOPS_READ);
    }

    @Override public String toString() {
        return "throttle-group " + id;
    }
}
