package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.export.BlockExport;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/** The older block-export-del: {@code name} is the export's id, which nbd-server-add made its name. */
public final class NbdServerRemoveCommand implements QmpCommand {
    @Override public String name() { return "nbd-server-remove"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("name", OptionType.STR),
                OptionField.optional("mode", BlockExportDelCommand.MODE));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        String name = (String) args.get("name");
        BlockExport e = ctx.engine().exports().byId(name);
        if (e != null && !e.type().equals("nbd")) throw new BlockException("Export '" + name + "' is not an NBD export");
        BlockExportDelCommand.delete(ctx.engine(), name, "hard".equals(args.get("mode")));
        return QmpContext.empty();
    }
}
