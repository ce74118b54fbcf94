package org.blockspec.engine.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.BlockException;

/**
 * Why operations on one node are refused right now (QEMU's op_blockers): per operation, the
 * reasons in force, newest first, since the newest is the one reported. A reason is an
 * object: two holders with the same text block and unblock independently.
 */
public final class OpBlockers {
    /** One holder's reason, e.g. {@code block device is in use by block job: mirror}. */
    public static final class Reason {
        private final String text;

        public Reason(String text) {
            this.text = text;
        }

        public String text() { return text; }

        @Override public String toString() { return text; }
    }

    private final Map<BlockOp, Deque<Reason>> byOp = new EnumMap<>(BlockOp.class);

    /** The reason {@code op} is refused (the newest), or null when nothing blocks it. */
    public Reason reason(BlockOp op) {
        Deque<Reason> d = byOp.get(op);
        return d == null || d.isEmpty() ? null : d.peekFirst();
    }

    /** QEMU's bdrv_op_is_blocked: {@code Node 'NAME' is busy: REASON}. */
    public void check(BlockOp op, String nodeName) throws BlockException {
        Reason r = reason(op);
        if (r != null) throw new BlockException("Node '" + nodeName + "' is busy: " + r.text());
    }

    public boolean isEmpty() {
        for (Deque<Reason> d : byOp.values()) if (!d.isEmpty()) return false;
        return true;
    }

    /** Every reason in force, each once, newest first. */
    public List<Reason> all() {
        List<Reason> out = new ArrayList<>();
        for (Deque<Reason> d : byOp.values()) for (Reason r : d) if (!out.contains(r)) out.add(r);
        return out;
    }

    /** Blocks {@code op}; returns whether it was added (the undo needs to know). */
    boolean add(BlockOp op, Reason reason) {
        byOp.computeIfAbsent(op, k -> new ArrayDeque<>()).addFirst(reason);
        return true;
    }

    /** Removes every entry of {@code reason} for {@code op}; returns how many there were. */
    int remove(BlockOp op, Reason reason) {
        Deque<Reason> d = byOp.get(op);
        if (d == null) return 0;
        int n = 0;
        while (d.removeFirstOccurrence(reason)) n++;
        return n;
    }

    /** Puts back a removed entry at its place (an aborted unblock). */
    List<Reason> snapshot(BlockOp op) {
        Deque<Reason> d = byOp.get(op);
        return d == null ? List.of() : List.copyOf(d);
    }

    void restore(BlockOp op, List<Reason> reasons) {
        byOp.put(op, new ArrayDeque<>(reasons));
    }
}
