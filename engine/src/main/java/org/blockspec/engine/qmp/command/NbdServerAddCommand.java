package org.blockspec.engine.qmp.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * The older way to export a node over NBD: {@code device} may name a device or a node, and
 * the export's id is its NBD name (by default the device), as in QEMU; asking for a writable
 * export of a read-only node gives a read-only one.
 */
public final class NbdServerAddCommand implements QmpCommand {
    @Override public String name() { return "nbd-server-add"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("device", OptionType.STR),
                OptionField.optional("name", OptionType.STR),
                OptionField.optional("description", OptionType.STR),
                OptionField.optional("writable", OptionType.BOOL),
                OptionField.optional("bitmap", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        String device = (String) args.get("device");
        BlockNode node = NodeLookup.deviceOrNode(ctx.engine().graph(), device, device);
        String name = (String) args.getOrDefault("name", device);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "nbd");
        o.put("id", name);
        o.put("node-name", node.name());
        // Unlike block-export-add, the old command quietly exports a read-only node read-only.
        o.put("writable", Boolean.TRUE.equals(args.get("writable")) && !node.readOnly());
        o.put("name", name);
        if (args.containsKey("description")) o.put("description", args.get("description"));
        if (args.containsKey("bitmap")) o.put("bitmaps", List.of(args.get("bitmap")));
        ctx.engine().nbd().createExport(new OptionValues(o));
        return QmpContext.empty();
    }
}
