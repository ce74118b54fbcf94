package org.blockspec.engine.graph;

import java.util.List;

/**
 * QEMU's drained sections, for what they do to block jobs. Draining a node quiesces it and,
 * through every path, every user above it; a job above pauses until the section ends. The
 * bookkeeping is QEMU's: each node counts its sections (and its subtree sections), each edge
 * counts the sections its parent received through it, and an edge that moves to another
 * node begins or ends sections for its parent by the difference, as bdrv_replace_child does.
 * Devices and exports have nothing in flight between two loop tasks here, so only jobs
 * react. Commands drain where QEMU's do, which is why a snapshot or a reopen shows a ready
 * job going to standby and back.
 */
public final class Drains {
    private Drains() {
    }

    /** QEMU's bdrv_drained_begin. */
    public static void begin(BlockNode n) {
        drained(n, false, null, true);
    }

    /** QEMU's bdrv_drained_end. */
    public static void end(BlockNode n) {
        drained(n, false, null, false);
    }

    /** QEMU's bdrv_subtree_drained_begin: the node and everything below it, also what moves below it later. */
    public static void subtreeBegin(BlockNode n) {
        drained(n, true, null, true);
    }

    public static void subtreeEnd(BlockNode n) {
        drained(n, true, null, false);
    }

    /**
     * QEMU's bdrv_drain_all_begin: every node, oldest first, is quiesced and tells its users
     * that are not nodes (jobs, in parent order).
     */
    public static void allBegin(Graph graph) {
        for (BlockNode n : List.copyOf(graph.nodes())) quiesce(n, null, true, true);
    }

    public static void allEnd(Graph graph) {
        for (BlockNode n : List.copyOf(graph.nodes())) quiesce(n, null, false, true);
    }

    /** QEMU's bdrv_drain_all: a drained section of everything, begun and ended at once. */
    public static void all(Graph graph) {
        allBegin(graph);
        allEnd(graph);
    }

    /**
     * The drain half of bdrv_replace_child_noperm: {@code e} now points at {@code to} (already
     * in its parent list) instead of {@code from} (either may be null). Its parent gets the
     * difference in sections, and a parent draining its subtree moves that drain along.
     */
    static void childChanged(ChildEdge e, BlockNode from, BlockNode to) {
        int toBefore = to == null ? 0 : to.quiesceCounter();
        int saldo = toBefore - e.parentQuiesceCounter();
        for (; saldo > 0; saldo--) parentDrained(e, true);
        int recursive = e.parent() instanceof BlockNode p ? p.recursiveQuiesceCounter() : 0;
        if (from != null) for (int i = 0; i < recursive; i++) drained(from, true, e, false);
        if (to != null) {
            saldo += to.quiesceCounter() - toBefore;
            for (int i = 0; i < recursive; i++) drained(to, true, e, true);
        }
        for (; saldo < 0; saldo++) parentDrained(e, false);
    }

    /** QEMU's bdrv_do_drained_begin/end: quiesce the node (not telling {@code from}'s parent), then its subtree. */
    private static void drained(BlockNode n, boolean recursive, ChildEdge from, boolean begin) {
        quiesce(n, from, begin, false);
        if (recursive) {
            n.recursiveQuiesce(begin ? 1 : -1);
            for (ChildEdge c : List.copyOf(n.children())) drained(c.child(), true, c, begin);
        }
    }

    private static void quiesce(BlockNode n, ChildEdge ignore, boolean begin, boolean onlyRoots) {
        n.quiesce(begin ? 1 : -1);
        for (ChildEdge e : List.copyOf(n.parents())) {
            if (e == ignore || (onlyRoots && e.parent() instanceof BlockNode)) continue;
            parentDrained(e, begin);
        }
    }

    /** One section begins or ends for the edge's parent (bdrv_parent_drained_begin_single). */
    private static void parentDrained(ChildEdge e, boolean begin) {
        e.parentQuiesce(begin ? 1 : -1);
        switch (e.parent()) {
            case BlockNode p -> quiesce(p, null, begin, false);
            case JobParent j -> {
                JobParent.DrainListener l = j.drainListener();
                if (l == null) return;
                if (begin) l.drainedBegin();
                else l.drainedEnd();
            }
            case BlockBackend b -> { }
        }
    }
}
