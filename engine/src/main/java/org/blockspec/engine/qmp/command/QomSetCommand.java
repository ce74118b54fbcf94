package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.schema.QapiInput;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/** Changes a user object's property, validated against its type first. */
public final class QomSetCommand implements QmpCommand {
    @Override public String name() { return "qom-set"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public boolean validatesOwnArguments() { return true; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        QapiInput in = new QapiInput(false, null);
        Map<String, Object> a = in.struct(List.of(OptionField.required("path", OptionType.STR),
                OptionField.required("property", OptionType.STR),
                OptionField.required("value", OptionType.ANY)), raw, "");
        var o = QomPaths.object(ctx.engine(), (String) a.get("path"));
        String property = (String) a.get("property");
        OptionField f = QomPaths.field(o, property);
        if (f == null) throw new BlockException("Property '" + o.type() + "." + property + "' not found");
        Object value = in.value(f.type(), raw.get("value"), property, property);
        o.object().set(property, value);
        return QmpContext.empty();
    }
}
