package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/** Leaves negotiation mode; the only command a fresh monitor accepts. */
public final class QmpCapabilitiesCommand implements QmpCommand {
    @Override public String name() { return "qmp_capabilities"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.optional("enable",
                new OptionType.ListOf(OptionType.enumOf("QMPCapability", "oob"))));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        if (ctx.monitor().commandMode()) {
            throw new QmpError(QmpError.COMMAND_NOT_FOUND,
                    "Capabilities negotiation is already complete, command ignored");
        }
        List<?> enable = (List<?>) args.getOrDefault("enable", List.of());
        ctx.monitor().enterCommandMode(enable.contains("oob"));
        return QmpContext.empty();
    }
}
