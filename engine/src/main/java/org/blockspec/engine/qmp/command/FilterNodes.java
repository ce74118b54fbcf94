package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.DriverKind;

/** What filter insertion and removal need to know about nodes. */
final class FilterNodes {
    private FilterNodes() {
    }

    /** The named node, if it is a filter with its one filtered child. */
    static BlockNode filter(Graph graph, String name) throws BlockException {
        BlockNode f = graph.node(name);
        if (f == null) throw new BlockException("Cannot find device='" + name + "' nor node-name='" + name + "'");
        ChildEdge primary = f.primaryChild();
        if (f.factory().kind() != DriverKind.FILTER || primary == null || !primary.role().isFiltered()
                || f.children().size() != 1) {
            throw new BlockException("Node '" + name + "' is not a filter");
        }
        return f;
    }

    /** Moves every edge in {@code moving} onto {@code target} as one checked graph change. */
    static void moveEdges(Graph graph, List<ChildEdge> moving, BlockNode target) throws BlockException {
        for (ChildEdge e : moving) {
            if (e.frozen()) throw new BlockException("Cannot change '" + e.name() + "' link to '" + e.child().name() + "'");
        }
        GraphChange.apply(graph, tran -> {
            for (ChildEdge e : moving) graph.replaceChild(e, target, tran);
            List<BlockNode> parents = new ArrayList<>();
            for (ChildEdge e : moving) if (e.parent() instanceof BlockNode p) parents.add(p);
            PermissionRefresh.refresh(graph, parents, tran);
            return null;
        });
    }

}
