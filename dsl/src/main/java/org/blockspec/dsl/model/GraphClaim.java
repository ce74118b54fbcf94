package org.blockspec.dsl.model;

/** One line of {@code expect graph}. */
public sealed interface GraphClaim {
    SourcePos pos();

    /** The node exists and has this driver. */
    record HasDriver(GraphRef node, String driver, SourcePos pos) implements GraphClaim {
    }

    /** Both references name the same node (e.g. {@code top/backing = base}). */
    record SameNode(GraphRef a, GraphRef b, SourcePos pos) implements GraphClaim {
    }

    /** There is an edge from the parent (node or device) to the child, whatever its name. */
    record Edge(GraphRef parent, GraphRef child, SourcePos pos) implements GraphClaim {
    }
}
