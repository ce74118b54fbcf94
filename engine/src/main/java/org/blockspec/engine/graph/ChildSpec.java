package org.blockspec.engine.graph;

/** How a blockdev-add option names a child: an existing node, a new one, or none at all. */
public sealed interface ChildSpec {
    /** A string: use the existing node (or BlockBackend's root) with that name. */
    record Reference(String name) implements ChildSpec {
    }

    /** An object: open a new node, owned by the parent. */
    record Inline(BlockdevOptions options) implements ChildSpec {
    }

    /** JSON null (only where the schema allows it, e.g. backing): no child at all. */
    record None() implements ChildSpec {
    }
}
