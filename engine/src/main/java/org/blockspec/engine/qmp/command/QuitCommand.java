package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;

/** Replies, then asks the process to shut down (closing nodes and releasing locks). */
public final class QuitCommand implements QmpCommand {
    @Override public String name() { return "quit"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        ctx.engine().loop().later(ctx.engine()::requestQuit);
        return QmpContext.empty();
    }
}
