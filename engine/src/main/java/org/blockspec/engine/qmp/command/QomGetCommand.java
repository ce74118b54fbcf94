package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/** Reads a user object's property ({@code path} is the id or {@code /objects/ID}). */
public final class QomGetCommand implements QmpCommand {
    @Override public String name() { return "qom-get"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("path", OptionType.STR), OptionField.required("property", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        String property = (String) args.get("property");
        QomPaths.Target t = QomPaths.resolve(ctx.engine(), (String) args.get("path"));
        if (!(t instanceof QomPaths.Obj(var o))) {
            if (property.equals("type")) return TextNode.valueOf("container");
            throw new BlockException("Property 'container." + property + "' not found");
        }
        if (property.equals("type")) return TextNode.valueOf(o.type());
        if (QomPaths.field(o, property) == null) {
            throw new BlockException("Property '" + o.type() + "." + property + "' not found");
        }
        return QmpJson.MAPPER.valueToTree(o.object().get(property));
    }
}
