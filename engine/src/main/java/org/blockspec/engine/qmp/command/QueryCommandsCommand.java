package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;

/** Lists the commands this engine answers. */
public final class QueryCommandsCommand implements QmpCommand {
    @Override public String name() { return "query-commands"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        ArrayNode out = QmpContext.JSON.arrayNode();
        for (QmpCommand c : ctx.engine().qmp().commands()) out.addObject().put("name", c.name());
        return out;
    }
}
