package org.blockspec.dsl.compile;

import org.blockspec.dsl.model.SourcePos;

/** A line of a graph expectation as written, before its names are resolved. */
public sealed interface GraphLine {
    SourcePos pos();

    /** {@code node: driver} */
    record HasDriver(Word node, Word driver, SourcePos pos) implements GraphLine {
    }

    /** {@code a = b} */
    record SameNode(Word a, Word b, SourcePos pos) implements GraphLine {
    }

    /** {@code parent -> child} */
    record Edge(Word parent, Word child, SourcePos pos) implements GraphLine {
    }
}
