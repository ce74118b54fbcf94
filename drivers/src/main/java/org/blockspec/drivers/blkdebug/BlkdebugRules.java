package org.blockspec.drivers.blkdebug;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.OptionValues;

/**
 * blkdebug's state machine: the current state (starting at 1), set-state rules that move it
 * when an event fires, and inject-error rules that an event makes active; an active rule
 * fails the next request it matches. Rules on event {@code none} are always active.
 */
final class BlkdebugRules {
    enum IoType {
        READ("read"), WRITE("write"), WRITE_ZEROES("write-zeroes"), DISCARD("discard"), FLUSH("flush"),
        BLOCK_STATUS("block-status");

        final String name;

        IoType(String name) { this.name = name; }

        static IoType of(String name) {
            for (IoType t : values()) if (t.name.equals(name)) return t;
            throw new IllegalArgumentException(name);
        }
    }

    /** Default iotypes of an inject-error rule: everything but block-status. */
    private static final Set<IoType> DEFAULT_TYPES = EnumSet.complementOf(EnumSet.of(IoType.BLOCK_STATUS));

    record Inject(String event, long state, Set<IoType> types, Errno errno, long offset, boolean once) {
        boolean matches(long off, long bytes, IoType type) {
            return types.contains(type) && (offset < 0 || (offset >= off && offset < off + bytes));
        }
    }

    record SetState(String event, long state, long newState) {
    }

    private final List<Inject> injects = new ArrayList<>();
    private final List<SetState> setStates = new ArrayList<>();
    private final List<Inject> active = new ArrayList<>();
    private long state = 1;

    BlkdebugRules(List<Object> injectOptions, List<Object> setStateOptions) {
        for (Object o : injectOptions) {
            OptionValues v = (OptionValues) o;
            Set<IoType> types = v.has("iotype") ? EnumSet.of(IoType.of(v.string("iotype"))) : DEFAULT_TYPES;
            long sector = v.optInteger("sector").orElse(-1);
            injects.add(new Inject(v.string("event"), v.optInteger("state").orElse(0), types,
                    Errno.of((int) v.optInteger("errno").orElse(5)), sector < 0 ? -1 : sector * 512,
                    v.bool("once", false)));
        }
        for (Object o : setStateOptions) {
            OptionValues v = (OptionValues) o;
            setStates.add(new SetState(v.string("event"), v.optInteger("state").orElse(0), v.integer("new_state")));
        }
    }

    private boolean inState(long ruleState) {
        return ruleState == 0 || ruleState == state;
    }

    /** An event fired: activate its inject rules and apply its state changes (QEMU's blkdebug_debug_event). */
    void event(String event) {
        long next = state;
        boolean injected = false;
        for (Inject r : injects) {
            if (!r.event().equals(event) || !inState(r.state())) continue;
            if (!injected) {
                active.clear();
                injected = true;
            }
            active.add(r);
        }
        for (SetState r : setStates) {
            if (r.event().equals(event) && inState(r.state())) next = r.newState();
        }
        state = next;
    }

    /** The errno a request must fail with, or null; a {@code once} rule goes away after firing. */
    Errno check(long offset, long bytes, IoType type) {
        for (Inject r : active) {
            if (r.matches(offset, bytes, type)) return fire(r);
        }
        for (Inject r : injects) {
            if (r.event().equals("none") && inState(r.state()) && r.matches(offset, bytes, type)) return fire(r);
        }
        return null;
    }

    private Errno fire(Inject r) {
        if (r.once()) {
            active.remove(r);
            injects.remove(r);
        }
        return r.errno();
    }
}
