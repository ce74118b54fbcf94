package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.nbd.NbdSchemas;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.schema.QapiInput;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionValues;

/** Exports a node (type nbd): BlockExportOptions, a flat union on {@code type}. */
public final class BlockExportAddCommand implements QmpCommand {
    @Override public String name() { return "block-export-add"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public boolean validatesOwnArguments() { return true; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        OptionValues options = new OptionValues(new QapiInput(false, null).union(NbdSchemas.BLOCK_EXPORT_OPTIONS, raw, ""));
        ctx.engine().nbd().createExport(options);
        return QmpContext.empty();
    }
}
