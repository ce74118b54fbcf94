package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;

/** BlockBackends that have a monitor name or a device; anonymous internal ones are hidden. */
public final class QueryBlockCommand implements QmpCommand {
    @Override public String name() { return "query-block"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        ArrayNode out = QmpContext.JSON.arrayNode();
        blockInfo(ctx.engine()).forEach(out::add);
        return out;
    }

    /** One BlockInfo per visible BlockBackend, in query-block order. */
    public static List<JsonNode> blockInfo(Engine engine) {
        List<JsonNode> out = new ArrayList<>();
        for (BlockBackend b : engine.graph().backends()) {
            if (b.name() == null && b.devicePath() == null) continue;
            ObjectNode info = QmpContext.JSON.objectNode();
            out.add(info);
            info.put("device", b.name() != null ? b.name() : "");
            if (b.devicePath() != null) info.put("qdev", b.devicePath());
            info.put("type", "unknown");
            info.put("removable", false);
            info.put("locked", false);
            if (b.node() != null) info.set("inserted", BlockDeviceInfo.of(b.node(), false));
            info.put("io-status", "ok");
        }
        return out;
    }
}
