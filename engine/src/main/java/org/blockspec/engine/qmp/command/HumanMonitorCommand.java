package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.hmp.HumanMonitor;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/** The HMP pass-through: one command line in, what the human monitor printed out (CRLF lines). */
public final class HumanMonitorCommand implements QmpCommand {
    @Override public String name() { return "human-monitor-command"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("command-line", OptionType.STR),
                OptionField.optional("cpu-index", OptionType.INT));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        StringBuilder reply = new StringBuilder();
        HumanMonitor.run(ctx.engine(), (String) args.get("command-line"), line -> reply.append(line).append("\r\n"));
        return TextNode.valueOf(reply.toString());
    }
}
