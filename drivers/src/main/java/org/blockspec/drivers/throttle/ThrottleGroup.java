package org.blockspec.drivers.throttle;

import java.util.EnumMap;
import java.util.LinkedHashMap;
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
            return PROPERTIES;
        }

        /** {@code limits} first, then the legacy {@code x-} properties, which win (as in QEMU). */
        @Override public UserObject create(String id, OptionValues options, Clock clock) throws BlockException {
            Map<String, Object> legacy = new LinkedHashMap<>();
            for (String name : options.names()) {
                if (!name.startsWith("x-")) continue;
                if (options.integer(name) < 0) throw new BlockException("Property values cannot be negative");
                legacy.put(name.substring(2), options.integer(name));
            }
            OptionValues limits = options.has("limits") ? options.struct("limits") : OptionValues.EMPTY;
            ThrottleLimits l = ThrottleLimits.NONE.with(limits, false).with(new OptionValues(legacy), true);
            return new ThrottleGroup(id, l, clock);
        }
    }

    static final OptionType LIMITS = new OptionType.Struct("ThrottleLimits", ThrottleLimits.fields());

    /**
     * {@code limits} and QEMU 7.2's legacy {@code x-} property for each of its members, in the
     * order qom-list shows them in QEMU 7.2.
     */
    private static final List<OptionField> PROPERTIES = properties("x-bps-write-max-length", "x-iops-total-max-length",
            "x-iops-size", "limits", "x-bps-total", "x-iops-read-max-length", "x-bps-write", "x-iops-write-max-length",
            "x-bps-read-max", "x-iops-read-max", "x-bps-total-max", "x-bps-read-max-length", "x-iops-read",
            "x-bps-read", "x-bps-write-max", "x-iops-total-max", "x-iops-total", "x-iops-write",
            "x-bps-total-max-length", "x-iops-write-max");

    private static List<OptionField> properties(String... names) {
        List<OptionField> out = new java.util.ArrayList<>();
        for (String n : names) out.add(OptionField.optional(n, n.equals("limits") ? LIMITS : OptionType.INT));
        return List.copyOf(out);
    }

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
        return PROPERTIES;
    }

    @Override public Object get(String property) {
        Map<String, Object> all = limits.toMap();
        return property.equals("limits") ? all : all.get(property.substring(2));
    }

    @Override public void set(String property, Object value) throws BlockException {
        if (!property.equals("limits")) throw new BlockException("Property cannot be set after initialization");
        configure(limits.with((OptionValues) value, true));
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
