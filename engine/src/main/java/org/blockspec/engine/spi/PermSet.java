package org.blockspec.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** An immutable set of {@link Perm}s stored as QEMU's bit mask. Stable SPI. */
public record PermSet(int bits) {
    public static final int ALL_BITS = 0xf;
    public static final PermSet NONE = new PermSet(0);
    public static final PermSet ALL = new PermSet(ALL_BITS);

    public PermSet {
        if ((bits & ~ALL_BITS) != 0) {
            throw new IllegalArgumentException("unknown permission bits 0x" + Integer.toHexString(bits));
        }
    }

    public static PermSet of(Perm... perms) {
        int b = 0;
        for (Perm p : perms) b |= p.bit();
        return new PermSet(b);
    }

    public boolean has(Perm p) { return (bits & p.bit()) != 0; }

    public boolean containsAll(PermSet other) { return (other.bits & ~bits) == 0; }

    public boolean isEmpty() { return bits == 0; }

    public PermSet plus(Perm p) { return new PermSet(bits | p.bit()); }

    public PermSet plus(PermSet o) { return new PermSet(bits | o.bits); }

    public PermSet minus(Perm p) { return new PermSet(bits & ~p.bit()); }

    public PermSet minus(PermSet o) { return new PermSet(bits & ~o.bits); }

    public PermSet and(PermSet o) { return new PermSet(bits & o.bits); }

    public PermSet complement() { return new PermSet(~bits & ALL_BITS); }

    /** Members in bit order, lowest first. */
    public List<Perm> perms() {
        List<Perm> out = new ArrayList<>(4);
        for (Perm p : Perm.values()) if (has(p)) out.add(p);
        return out;
    }

    /** QMP enum names, highest bit first, as x-debug-query-block-graph prints them. */
    public List<String> qmpNames() {
        List<String> out = new ArrayList<>(4);
        Perm[] all = Perm.values();
        for (int i = all.length - 1; i >= 0; i--) if (has(all[i])) out.add(all[i].qmpName());
        return out;
    }

    /** Error-message form: {@code write, resize} (bit order, comma separated). */
    public String describe() {
        StringJoiner j = new StringJoiner(", ");
        for (Perm p : perms()) j.add(p.messageName());
        return j.toString();
    }

    @Override
    public String toString() {
        return "{" + describe() + "}";
    }
}
