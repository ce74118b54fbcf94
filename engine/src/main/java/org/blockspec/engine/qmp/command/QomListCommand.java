package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/** Lists a user object's properties with their QAPI types. */
public final class QomListCommand implements QmpCommand {
    @Override public String name() { return "qom-list"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("path", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        QomPaths.Target t = QomPaths.resolve(ctx.engine(), (String) args.get("path"));
        ArrayNode out = QmpContext.JSON.arrayNode();
        out.addObject().put("name", "type").put("type", "string");
        switch (t) {
            // The storage daemon's root holds these two containers.
            case QomPaths.Root r -> {
                out.addObject().put("name", "objects").put("type", "child<container>");
                out.addObject().put("name", "chardevs").put("type", "child<container>");
            }
            // QEMU builds the list by prepending, so the table's iteration order comes out reversed.
            case QomPaths.Objects c -> {
                for (String id : ctx.engine().objects().qomOrder().reversed()) {
                    out.addObject().put("name", id).put("type", "child<" + ctx.engine().objects().get(id).type() + ">");
                }
            }
            case QomPaths.Obj(var o) -> {
                for (OptionField f : o.object().properties()) {
                    ObjectNode p = out.addObject();
                    p.put("name", f.name());
                    p.put("type", switch (f.type()) {
                        case OptionType.Struct s -> s.typeName();
                        case OptionType.Int i -> "int";
                        case OptionType.Size s -> "size";
                        case OptionType.Bool b -> "bool";
                        default -> "string";
                    });
                }
            }
        }
        return out;
    }
}
