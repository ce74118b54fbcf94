package org.blockspec.drivers.throttle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * A throttle-group's limits (QAPI ThrottleLimits): for bytes and operations per second, a
 * total, read and write rate, each with a burst rate ({@code -max}) and burst length in
 * seconds ({@code -max-length}); {@code iops-size} counts big requests as several operations.
 */
record ThrottleLimits(Map<Kind, Rate> rates, long iopsSize) {
    /** The six buckets, in QEMU's order (which decides which error is reported first). */
    enum Kind {
        BPS_TOTAL("bps-total"), BPS_READ("bps-read"), BPS_WRITE("bps-write"),
        IOPS_TOTAL("iops-total"), IOPS_READ("iops-read"), IOPS_WRITE("iops-write");

        final String key;

        Kind(String key) { this.key = key; }

        boolean bytes() { return ordinal() < 3; }
    }

    /** One bucket's limits: average rate, burst rate, burst length in seconds. */
    record Rate(long avg, long max, long burstLength) {
        static final Rate NONE = new Rate(0, 0, 1);
    }

    static final long VALUE_MAX = 1_000_000_000_000_000L;
    static final ThrottleLimits NONE;

    static {
        Map<Kind, Rate> r = new LinkedHashMap<>();
        for (Kind k : Kind.values()) r.put(k, Rate.NONE);
        NONE = new ThrottleLimits(r, 0);
    }

    /** The QAPI members, in QAPI order (iops before bps). */
    static List<OptionField> fields() {
        List<OptionField> out = new ArrayList<>();
        for (Kind k : List.of(Kind.IOPS_TOTAL, Kind.IOPS_READ, Kind.IOPS_WRITE, Kind.BPS_TOTAL, Kind.BPS_READ,
                Kind.BPS_WRITE)) {
            out.add(OptionField.optional(k.key, OptionType.INT));
            out.add(OptionField.optional(k.key + "-max", OptionType.INT));
            out.add(OptionField.optional(k.key + "-max-length", OptionType.INT));
        }
        out.add(OptionField.optional("iops-size", OptionType.INT));
        return out;
    }

    /**
     * These limits with the given members changed (qom-set changes only what it names),
     * checked when {@code validate} (an object's limits are checked once all its properties are in).
     */
    ThrottleLimits with(OptionValues v, boolean validate) throws BlockException {
        Map<Kind, Rate> r = new LinkedHashMap<>(rates);
        for (Kind k : Kind.values()) {
            Rate old = r.get(k);
            r.put(k, new Rate(v.optInteger(k.key).orElse(old.avg()), v.optInteger(k.key + "-max").orElse(old.max()),
                    v.optInteger(k.key + "-max-length").orElse(old.burstLength())));
        }
        ThrottleLimits l = new ThrottleLimits(r, v.optInteger("iops-size").orElse(iopsSize));
        if (validate) l.validate();
        return l;
    }

    /** QEMU's throttle_is_valid, check for check. */
    void validate() throws BlockException {
        if (mixed(Kind.BPS_TOTAL, Kind.BPS_READ, Kind.BPS_WRITE, false)
                || mixed(Kind.IOPS_TOTAL, Kind.IOPS_READ, Kind.IOPS_WRITE, false)
                || mixed(Kind.BPS_TOTAL, Kind.BPS_READ, Kind.BPS_WRITE, true)
                || mixed(Kind.IOPS_TOTAL, Kind.IOPS_READ, Kind.IOPS_WRITE, true)) {
            throw new BlockException("bps/iops/max total values and read/write values cannot be used at the same time");
        }
        if (iopsSize != 0 && rates.get(Kind.IOPS_TOTAL).avg() == 0 && rates.get(Kind.IOPS_READ).avg() == 0
                && rates.get(Kind.IOPS_WRITE).avg() == 0) {
            throw new BlockException("iops size requires an iops value to be set");
        }
        for (Kind k : Kind.values()) {
            Rate b = rates.get(k);
            if (outOfRange(b.avg()) || outOfRange(b.max())) {
                throw new BlockException("bps/iops/max values must be within [0, " + VALUE_MAX + "]");
            }
            if (b.burstLength() == 0) throw new BlockException("the burst length cannot be 0");
            if (b.burstLength() > 1 && b.max() == 0) throw new BlockException("burst length set without burst rate");
            if (b.max() != 0 && Long.compareUnsigned(b.burstLength(), VALUE_MAX / b.max()) > 0) {
                throw new BlockException("burst length too high for this burst rate");
            }
            if (b.max() != 0 && b.avg() == 0) {
                throw new BlockException("bps_max/iops_max require corresponding bps/iops values");
            }
            if (b.max() != 0 && b.max() < b.avg()) throw new BlockException("bps_max/iops_max cannot be lower than bps/iops");
        }
    }

    private boolean mixed(Kind total, Kind read, Kind write, boolean burst) {
        return value(total, burst) != 0 && (value(read, burst) != 0 || value(write, burst) != 0);
    }

    private long value(Kind k, boolean burst) {
        return burst ? rates.get(k).max() : rates.get(k).avg();
    }

    private static boolean outOfRange(long v) {
        return v < 0 || v > VALUE_MAX; // negative values are huge unsigned ones in QEMU
    }

    /** All members, as qom-get shows them. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OptionField f : fields()) {
            String key = f.name();
            if (key.equals("iops-size")) {
                m.put(key, iopsSize);
                continue;
            }
            Kind k = kindOf(key);
            Rate b = rates.get(k);
            m.put(key, key.endsWith("-max-length") ? b.burstLength() : key.endsWith("-max") ? b.max() : b.avg());
        }
        return m;
    }

    private static Kind kindOf(String key) {
        for (Kind k : Kind.values()) if (key.startsWith(k.key)) return k;
        throw new IllegalArgumentException(key);
    }
}
