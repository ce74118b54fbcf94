package org.blockspec.engine.graph;

import org.blockspec.engine.spi.DriverKind;

/**
 * Walking backing chains the way QEMU's block.c does (the bdrv_* helpers jobs lean on):
 * through filters and backing images, skipping filters, finding overlays and bases.
 */
public final class Chains {
    private Chains() {
    }

    /** bdrv_filter_or_cow_bs: the next node down: a filter's filtered child, else the backing image. */
    public static BlockNode filterOrCow(BlockNode n) {
        ChildEdge e = n.filteredOrBackingChild();
        return e == null ? null : e.child();
    }

    /** bdrv_skip_filters: down through filters to the first node that is not one. */
    public static BlockNode skipFilters(BlockNode n) {
        while (n != null && n.kind() == DriverKind.FILTER && filterOrCow(n) != null) n = filterOrCow(n);
        return n;
    }

    /** bdrv_skip_implicit_filters: down through filters the engine inserted without a name. */
    public static BlockNode skipImplicitFilters(BlockNode n) {
        while (n != null && n.implicit() && filterOrCow(n) != null) n = filterOrCow(n);
        return n;
    }

    /** bdrv_cow_bs: the backing image, for nodes that are not filters. */
    public static BlockNode cow(BlockNode n) {
        if (n == null || n.kind() == DriverKind.FILTER) return null;
        ChildEdge e = n.backingChild();
        return e == null ? null : e.child();
    }

    /** bdrv_backing_chain_next: the first image below the node's (filtered) backing link, filters skipped. */
    public static BlockNode backingChainNext(BlockNode n) {
        return skipFilters(cow(skipFilters(n)));
    }

    /** bdrv_chain_contains: {@code node} is {@code top} or somewhere below it. */
    public static boolean contains(BlockNode top, BlockNode node) {
        for (BlockNode n = top; n != null; n = filterOrCow(n)) if (n == node) return true;
        return false;
    }

    /**
     * bdrv_find_overlay: the image (filters skipped) whose backing image is {@code bs}; with
     * null, the bottom of the chain.
     */
    public static BlockNode overlay(BlockNode active, BlockNode bs) {
        BlockNode wanted = bs == null ? null : skipFilters(bs);
        for (BlockNode n = skipFilters(active); n != null; ) {
            BlockNode next = backingChainNext(n);
            if (next == wanted) return n;
            n = next;
        }
        return null;
    }

    /** bdrv_find_base: the bottom image of the chain (the node itself without a backing image). */
    public static BlockNode base(BlockNode top) {
        return overlay(top, null);
    }
}
