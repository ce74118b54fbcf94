package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BlockOp;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * Drops the monitor's reference to a node it added. The five refusals come in QEMU's
 * order: unknown, used by a BlockBackend, blocked by an operation, not the monitor's,
 * still referenced by another node.
 */
public final class BlockdevDelCommand implements QmpCommand {
    @Override public String name() { return "blockdev-del"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("node-name", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        String name = (String) args.get("node-name");
        Graph graph = ctx.engine().graph();
        BlockNode n = graph.node(name);
        if (n == null) throw new BlockException("Failed to find node with node-name='" + name + "'");
        for (ChildEdge p : n.parents()) {
            if (p.parent() instanceof BlockBackend) throw new BlockException("Node " + name + " is in use");
        }
        n.blockers().check(BlockOp.DRIVE_DEL, name);
        if (!n.monitorOwned()) throw new BlockException("Node " + name + " is not owned by the monitor");
        if (n.refcount() > 1) throw new BlockException("Block device " + name + " is in use");
        GraphChange.apply(graph, tran -> {
            graph.monitorUnref(n, tran);
            return null;
        });
        return QmpContext.empty();
    }
}
