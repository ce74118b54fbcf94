package org.blockspec.engine.qmp.command;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.spi.BlockException;

/** QEMU's bdrv_lookup_bs for commands that take {@code device} and/or {@code node-name}. */
public final class NodeLookup {
    private NodeLookup() {
    }

    public static BlockNode deviceOrNode(Graph graph, String device, String nodeName) throws BlockException {
        if (device != null) {
            var b = graph.backend(device);
            if (b != null && b.node() != null) return b.node();
        }
        if (nodeName != null) {
            BlockNode n = graph.node(nodeName);
            if (n != null) return n;
        }
        throw new BlockException("Cannot find device=" + quoted(device) + " nor node-name=" + quoted(nodeName));
    }

    /**
     * QEMU's qmp_get_root_bs: a node (or a device's) whose every parent is a BlockBackend's
     * root (no node and no job uses it), as jobs need.
     */
    public static BlockNode root(Graph graph, String name) throws BlockException {
        BlockNode n = deviceOrNode(graph, name, name);
        for (var p : n.parents()) {
            if (!(p.parent() instanceof org.blockspec.engine.graph.BlockBackend)) {
                throw new BlockException("Need a root block node");
            }
        }
        return n;
    }

    private static String quoted(String s) {
        return "'" + (s == null ? "" : s) + "'";
    }
}
