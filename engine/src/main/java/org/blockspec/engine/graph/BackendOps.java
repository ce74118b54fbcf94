package org.blockspec.engine.graph;

import java.util.List;

import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.Perms;

/**
 * Whole, checked changes to BlockBackends: creating one on a node, changing what it asks
 * for, removing it. Each is one transaction.
 */
public final class BackendOps {
    private BackendOps() {
    }

    /**
     * A new backend on {@code node}: attached first taking nothing and sharing everything,
     * then narrowed to {@code perms}, which is how QEMU's devices and exports attach and why
     * conflict messages name the pair they do.
     */
    public static BlockBackend create(Graph graph, String name, String devicePath, BlockNode node, Perms perms)
            throws BlockException {
        return GraphChange.apply(graph, tran -> {
            BlockBackend b = graph.addBackend(name, devicePath, Perms.UNUSED, tran);
            graph.attach(b, node, "root", ChildRole.FILTERED_PRIMARY, Perms.UNUSED, tran);
            PermissionRefresh.refreshChanged(graph, tran);
            graph.setBackendPerms(b, perms, tran);
            PermissionRefresh.refresh(graph, List.of(node), tran);
            return b;
        });
    }

    /**
     * A new backend that asks for {@code perms} from the moment it attaches (QEMU's
     * blk_new_with_bs, used by block_resize and other short-lived users).
     */
    public static BlockBackend createDirect(Graph graph, BlockNode node, Perms perms) throws BlockException {
        return GraphChange.apply(graph, tran -> {
            BlockBackend b = graph.addBackend(null, null, perms, tran);
            graph.attach(b, node, "root", ChildRole.FILTERED_PRIMARY, perms, tran);
            return b;
        });
    }

    /** QEMU's blk_set_perm: checked below the node, rolled back on failure. */
    public static void setPerms(Graph graph, BlockBackend b, Perms perms) throws BlockException {
        GraphChange.apply(graph, tran -> {
            graph.setBackendPerms(b, perms, tran);
            if (b.node() != null) PermissionRefresh.refresh(graph, List.of(b.node()), tran);
            return null;
        });
    }

    /** Detaches and forgets a backend; the node stays with its other users. */
    public static void remove(Graph graph, BlockBackend b) throws BlockException {
        GraphChange.apply(graph, tran -> {
            graph.removeBackend(b, tran);
            return null;
        });
    }
}
