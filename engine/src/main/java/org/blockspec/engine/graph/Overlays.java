package org.blockspec.engine.graph;

import java.util.List;

import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.Perms;

/** Putting a new top on a node (QEMU's bdrv_append), the graph half of an external snapshot. */
public final class Overlays {
    private Overlays() {
    }

    /**
     * Makes {@code node} the backing image of {@code overlay}, then moves every other parent
     * of {@code node} (devices, exports, nodes above it) onto {@code overlay}, and checks the
     * permissions of the result. Everything is recorded in {@code tran}; the overlay's driver
     * learns its new backing child when the change commits.
     */
    public static void append(Graph graph, BlockNode overlay, BlockNode node, Transaction tran) throws BlockException {
        if (node.reaches(overlay)) {
            throw new BlockException("Making '" + node.name() + "' a backing child of '" + overlay.name()
                    + "' would create a cycle");
        }
        List<ChildEdge> parents = List.copyOf(node.parents());
        for (ChildEdge e : parents) {
            if (e.frozen()) throw new BlockException("Cannot change '" + e.name() + "' link to '" + node.name() + "'");
        }
        ChildEdge backing = graph.attach(overlay, node, "backing", ChildRole.BACKING, Perms.UNUSED, tran);
        for (ChildEdge e : parents) graph.replaceChild(e, overlay, tran);
        PermissionRefresh.refresh(graph, List.of(overlay), tran);
        tran.onCommit(() -> overlay.driver().backingChanged(backing));
    }

}
