package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;

/** Stops the NBD server, deleting its exports (one BLOCK_EXPORT_DELETED each) and dropping clients. */
public final class NbdServerStopCommand implements QmpCommand {
    @Override public String name() { return "nbd-server-stop"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        ctx.engine().nbd().stop();
        return QmpContext.empty();
    }
}
