package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.export.BlockExport;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;

/** Every export, newest first, as QEMU lists them. */
public final class QueryBlockExportsCommand implements QmpCommand {
    @Override public String name() { return "query-block-exports"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        ArrayNode out = QmpContext.JSON.arrayNode();
        for (BlockExport e : ctx.engine().exports().all().reversed()) {
            ObjectNode o = out.addObject();
            o.put("id", e.id());
            o.put("type", e.type());
            o.put("node-name", e.nodeName());
            o.put("shutting-down", e.shuttingDown());
        }
        return out;
    }
}
