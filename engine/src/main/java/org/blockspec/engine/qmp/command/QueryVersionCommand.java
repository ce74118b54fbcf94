package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;

/** The QEMU version whose behaviour we reproduce, and our own package name. */
public final class QueryVersionCommand implements QmpCommand {
    @Override public String name() { return "query-version"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        return ctx.engine().qmp().version();
    }
}
