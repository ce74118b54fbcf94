package org.blockspec.engine.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes one reopen touches, in the order they are prepared (QEMU's
 * bdrv_reopen_queue_child): each listed node, then, recursively, the children its opening
 * created. Such a child is reopened too, with its old options when the parent names it by its
 * current name, with new ones when the parent defines it inline; a child the parent switches
 * to another node, or one it only referenced, is left alone.
 *
 * <p>Read-only and cache state follow QEMU's precedence: options given now, then (for a
 * child kept with its old options) options it was given before, then what it inherits from
 * its parent (a backing image is read-only by default), then its current state.
 */
final class ReopenQueue {
    /** One node's place in the queue. {@code given}: new options, or null to keep the old ones. */
    static final class Entry {
        final BlockNode node;
        BlockdevOptions given;
        boolean keepOld;
        boolean readOnly;
        BlockdevOptions.CacheOptions cache;
        /** The read-only and cache values its own children may inherit; null where not set. */
        Boolean readOnlyKey;
        BlockdevOptions.CacheOptions cacheKey;

        Entry(BlockNode node) {
            this.node = node;
        }

        /** The options the node has after the reopen. */
        BlockdevOptions options() {
            return given != null ? given : node.options();
        }
    }

    private final Map<BlockNode, Entry> entries = new LinkedHashMap<>();

    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** A node listed in blockdev-reopen, with its complete new options. */
    void addListed(BlockNode node, BlockdevOptions options) {
        add(node, options, false, null, false);
    }

    /** A node reopened with its current options and a new read-only state (bdrv_reopen_set_read_only). */
    void addKeeping(BlockNode node, boolean readOnly) {
        BlockdevOptions o = node.options();
        BlockdevOptions withReadOnly = new BlockdevOptions(o.driver(), o.nodeName(), readOnly, o.forceShare(),
                o.autoReadOnly(), o.cache(), o.discard(), o.detectZeroes(), o.driverOptions(), o.children(),
                o.childLists());
        add(node, withReadOnly, true, null, false);
    }

    private void add(BlockNode node, BlockdevOptions given, boolean keepOld, Entry parent, boolean cow) {
        Entry e = entries.computeIfAbsent(node, Entry::new);
        e.given = given;
        e.keepOld = keepOld;

        BlockdevOptions explicit = given != null ? given : keepOld ? node.options() : null;
        Boolean readOnly = explicit == null ? null : explicit.readOnly();
        BlockdevOptions.CacheOptions cache = explicit == null ? null : explicit.cache();
        if (keepOld && given != null) {
            if (readOnly == null) readOnly = node.options().readOnly();
            if (cache == null) cache = node.options().cache();
        }
        if (parent != null) {
            if (readOnly == null) readOnly = cow ? Boolean.TRUE : parent.readOnlyKey;
            if (cache == null) cache = parent.cacheKey;
        }
        if (keepOld) {
            if (readOnly == null) readOnly = node.readOnly();
            if (cache == null) cache = node.cache();
        }
        e.readOnlyKey = readOnly;
        e.cacheKey = cache;
        e.readOnly = readOnly != null && readOnly;
        e.cache = cache != null ? cache : BlockdevOptions.CacheOptions.DEFAULT;

        for (ChildEdge c : node.children()) {
            BlockNode child = c.child();
            if (child.inheritsFrom() != node) continue;
            // A child not named in new options keeps its own (QEMU would reset it to defaults,
            // which only matters for optional children that no reopen can leave out anyway).
            ChildSpec spec = keepOld ? null : explicit.child(c.name());
            switch (spec) {
                case null -> add(child, null, true, e, c.role().isCow());
                case ChildSpec.Reference r when r.name().equals(child.name()) ->
                        add(child, null, true, e, c.role().isCow());
                case ChildSpec.Inline i -> add(child, i.options(), false, e, c.role().isCow());
                default -> { } // switched to another node, or removed: the old child is not reopened
            }
        }
    }
}
