package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/** Every node, newest first; unless {@code flat}, each with its backing chain nested. */
public final class QueryNamedBlockNodesCommand implements QmpCommand {
    @Override public String name() { return "query-named-block-nodes"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.optional("flat", OptionType.BOOL));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        ArrayNode out = QmpContext.JSON.arrayNode();
        nodeInfo(ctx.engine(), Boolean.TRUE.equals(args.get("flat"))).forEach(out::add);
        return out;
    }

    /** One BlockDeviceInfo per node, newest first. */
    public static List<JsonNode> nodeInfo(Engine engine, boolean flat) {
        List<JsonNode> out = new ArrayList<>();
        for (BlockNode n : engine.graph().nodes().reversed()) out.add(BlockDeviceInfo.of(n, flat));
        return out;
    }
}
