package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.object.UserObjects;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/** Deletes a user object unless something still uses it. */
public final class ObjectDelCommand implements QmpCommand {
    @Override public String name() { return "object-del"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("id", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        String id = (String) args.get("id");
        UserObjects.Created c = ctx.engine().objects().get(id);
        if (c == null) throw new BlockException("object '" + id + "' not found");
        if (c.object().busy() != null) throw new BlockException("object '" + id + "' is in use, can not be deleted");
        ctx.engine().objects().remove(id);
        return QmpContext.empty();
    }
}
