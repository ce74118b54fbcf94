package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.device.VirtioBlk;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * blockspec extension (the talk's proposal that QEMU never shipped): splices a filter node,
 * already added with its child set to the node it should sit on, into the graph. With
 * {@code parent} (a node, with {@code child} naming its edge, or a device id) only that edge
 * moves to the filter; without, every parent of the filter's child does. One checked change.
 */
public final class XBlockdevInsertNodeCommand implements QmpCommand {
    @Override public String name() { return "x-blockdev-insert-node"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("filter", OptionType.STR), OptionField.optional("parent", OptionType.STR),
                OptionField.optional("child", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        Graph graph = ctx.engine().graph();
        BlockNode filter = FilterNodes.filter(graph, (String) args.get("filter"));
        BlockNode below = filter.primaryChild().child();
        if (!filter.parents().isEmpty()) {
            throw new BlockException("Filter '" + filter.name() + "' is already in use: insert a filter without parents");
        }
        List<ChildEdge> moving = new ArrayList<>();
        String parentName = (String) args.get("parent");
        if (parentName == null) {
            for (ChildEdge p : below.parents()) if (p != filter.primaryChild()) moving.add(p);
            if (moving.isEmpty()) throw new BlockException("Node '" + below.name() + "' has no parents to move");
        } else {
            moving.add(edgeOf(ctx, graph, parentName, (String) args.get("child"), below, filter));
        }
        for (ChildEdge e : moving) {
            if (e.parent() instanceof BlockNode p && filter.reaches(p)) {
                throw new BlockException("Inserting '" + filter.name() + "' below '" + p.name() + "' would create a loop");
            }
        }
        FilterNodes.moveEdges(graph, moving, filter);
        return QmpContext.empty();
    }

    private static ChildEdge edgeOf(QmpContext ctx, Graph graph, String parentName, String childName, BlockNode below,
                                    BlockNode filter) throws BlockException {
        ChildEdge e;
        VirtioBlk device = ctx.engine().devices().byIdOrPath(parentName);
        if (graph.node(parentName) != null) {
            if (childName == null) throw new BlockException("Parameter 'child' is missing");
            e = graph.node(parentName).child(childName);
            if (e == null) throw new BlockException("Node '" + parentName + "' does not have child '" + childName + "'");
        } else if (device != null) {
            e = device.backend().root();
        } else {
            throw new BlockException("Cannot find device='" + parentName + "' nor node-name='" + parentName + "'");
        }
        if (e.child() != below) {
            throw new BlockException("'" + parentName + "' uses '" + e.child().name() + "' there, but filter '"
                    + filter.name() + "' sits on '" + below.name() + "'");
        }
        return e;
    }
}
