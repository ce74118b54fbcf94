package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * blockspec extension: the inverse of x-blockdev-insert-node. Every parent of the filter
 * moves to the filter's child; the filter is left without parents, to be deleted.
 */
public final class XBlockdevRemoveNodeCommand implements QmpCommand {
    @Override public String name() { return "x-blockdev-remove-node"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("filter", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        Graph graph = ctx.engine().graph();
        BlockNode filter = FilterNodes.filter(graph, (String) args.get("filter"));
        BlockNode below = filter.primaryChild().child();
        List<ChildEdge> moving = new ArrayList<>(filter.parents());
        if (moving.isEmpty()) throw new BlockException("Filter '" + filter.name() + "' has no parents");
        FilterNodes.moveEdges(graph, moving, below);
        return QmpContext.empty();
    }
}
