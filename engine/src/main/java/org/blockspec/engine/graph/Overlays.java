package org.blockspec.engine.graph;

import java.util.List;

import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.Perms;

/** Putting a new top on a node (QEMU's bdrv_append), the graph half of an external snapshot, and setting a backing image. */
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
        ChildEdge backing = graph.attach(overlay, node, "backing", backingRole(overlay), Perms.UNUSED, tran);
        graph.replaceNode(node, overlay, tran);
        PermissionRefresh.refresh(graph, List.of(overlay), tran);
        tran.onCommit(() -> overlay.driver().backingChanged(backing));
    }

    /**
     * QEMU's bdrv_set_backing_hd, as one checked change: {@code node}'s backing child becomes
     * {@code backing} (null: none); the driver learns it once the change commits.
     */
    public static void setBacking(Graph graph, BlockNode node, BlockNode backing) throws BlockException {
        if (!node.supportsBacking()) {
            throw new BlockException("Driver '" + node.driverName() + "' of node '" + node.name()
                    + "' does not support backing files");
        }
        ChildEdge old = node.backingChild();
        if (old != null && old.frozen()) {
            throw new BlockException("Cannot change frozen 'backing' link from '" + node.name() + "' to '"
                    + old.child().name() + "'");
        }
        GraphChange.apply(graph, tran -> {
            if (old != null) graph.detach(old, tran);
            ChildEdge e = backing == null ? null
                    : graph.attach(node, backing, "backing", backingRole(node), Perms.UNUSED, tran);
            PermissionRefresh.refresh(graph, List.of(node), tran);
            tran.onCommit(() -> node.driver().backingChanged(e));
            return null;
        });
    }

    /** A filter's backing child is its filtered child; a format's is a COW image (QEMU's bdrv_backing_role). */
    private static ChildRole backingRole(BlockNode n) {
        return n.kind() == org.blockspec.engine.spi.DriverKind.FILTER ? ChildRole.FILTERED_PRIMARY : ChildRole.BACKING;
    }
}
