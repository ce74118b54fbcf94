package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.export.BlockExport;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * Deletes an export. In safe mode (the default) an export with clients is refused; in hard
 * mode its clients are dropped. BLOCK_EXPORT_DELETED follows once the last client is gone.
 */
public final class BlockExportDelCommand implements QmpCommand {
    static final OptionType MODE = OptionType.enumOf("BlockExportRemoveMode", "safe", "hard");

    @Override public String name() { return "block-export-del"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("id", OptionType.STR), OptionField.optional("mode", MODE));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        delete(ctx.engine(), (String) args.get("id"), "hard".equals(args.get("mode")));
        return QmpContext.empty();
    }

    static void delete(Engine engine, String id, boolean hard) throws BlockException {
        BlockExport e = engine.exports().byId(id);
        if (e == null) throw new BlockException("Export '" + id + "' is not found");
        engine.exports().requestDelete(e, hard);
    }
}
