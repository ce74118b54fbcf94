package org.blockspec.engine.perm;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.Transaction;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.support.DefaultPerms;

/**
 * Recomputes permissions below a set of nodes after a graph change, as QEMU's
 * bdrv_list_refresh_perms does. Nodes are visited parents first; each is checked (parent
 * conflicts, then writability, then its driver, e.g. image locks), and then each of its
 * child edges gets what the driver's rule says. All of it is recorded in the transaction,
 * so the caller's abort restores every edge and lock.
 */
public final class PermissionRefresh {
    private PermissionRefresh() {
    }

    public static void refresh(Graph graph, Collection<BlockNode> from, Transaction tran) throws BlockException {
        for (BlockNode n : topologicalOrder(from)) refreshNode(graph, n, tran);
    }

    /** Refreshes below every node whose parents changed in the transaction so far. */
    public static void refreshChanged(Graph graph, Transaction tran) throws BlockException {
        refresh(graph, tran.nodesWithChangedParents(), tran);
    }

    private static void refreshNode(Graph graph, BlockNode n, Transaction tran) throws BlockException {
        // A node being opened has no reference yet but is in the graph; a released one is not.
        if (n.closed() || graph.node(n.name()) != n) return;
        PermissionConflict.check(n);
        Perms cumulative = n.cumulativePerms();
        boolean writable = !n.readOnly();
        PermSet writes = PermSet.of(Perm.WRITE, Perm.WRITE_UNCHANGED);
        if (!cumulative.perm().and(writes).isEmpty() && !writable) {
            if (tran.becomesReadOnly(n)) {
                throw new BlockException("Read-only block node '" + n.name() + "' cannot support read-write users");
            }
            throw new BlockException("Block node is read-only");
        }
        if (n.driver() != null) {
            tran.permissionUpdate(n, n.driver().preparePermissions(cumulative));
        }
        for (ChildEdge c : n.children()) {
            graph.setEdgePerms(c, childPerms(n, c, cumulative, writable), tran);
        }
    }

    /** What {@code parent} takes and shares on edge {@code c}; force-share on the child shares all. */
    public static Perms childPerms(BlockNode parent, ChildEdge c, Perms cumulative, boolean writable) {
        ChildPermRequest req = new ChildPermRequest(c.name(), c.role(), cumulative, writable);
        Perms p = parent.driver() != null ? parent.driver().childPermissions(req) : DefaultPerms.forRole(req);
        return c.child().forceShare() ? p.withShared(PermSet.ALL) : p;
    }

    /**
     * Subtrees of all start nodes, each node before its descendants (QEMU's
     * bdrv_topological_dfs applied to a list: later start nodes come first).
     */
    static List<BlockNode> topologicalOrder(Collection<BlockNode> from) {
        Deque<BlockNode> out = new ArrayDeque<>();
        Set<BlockNode> found = new HashSet<>();
        for (BlockNode n : from) dfs(n, found, out);
        return List.copyOf(out);
    }

    private static void dfs(BlockNode n, Set<BlockNode> found, Deque<BlockNode> out) {
        if (!found.add(n)) return;
        for (ChildEdge c : n.children()) dfs(c.child(), found, out);
        out.addFirst(n);
    }
}
