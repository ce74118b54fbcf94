package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.NodeNames;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.schema.QapiInput;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.UserObject;
import org.blockspec.engine.spi.UserObjectFactory;

/** Creates a user object (QEMU's ObjectOptions union, discriminated by qom-type). */
public final class ObjectAddCommand implements QmpCommand {
    @Override public String name() { return "object-add"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public boolean validatesOwnArguments() { return true; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        add(ctx.engine(), raw, false);
        return QmpContext.empty();
    }

    /** Shared with the daemon's --object (keyval: every value a string). */
    public static void add(Engine engine, JsonNode raw, boolean keyval) throws BlockException {
        List<String> typeNames = new ArrayList<>();
        engine.objects().types().forEach(t -> typeNames.add(t.type()));
        QapiInput in = new QapiInput(keyval, null);
        Set<String> visited = new LinkedHashSet<>();
        Map<String, Object> base = in.members(List.of(
                OptionField.required("qom-type", new OptionType.Enum("ObjectType", typeNames)),
                OptionField.required("id", OptionType.STR)), raw, "", visited);
        UserObjectFactory type = engine.objects().type((String) base.get("qom-type"));
        String id = (String) base.get("id");
        Map<String, Object> own = in.members(type.options(), raw, "", visited);
        in.checkUnexpected(raw, "", visited);
        if (!NodeNames.wellFormed(id)) throw QmpError.generic("Parameter 'id' expects an identifier");
        // QEMU sets (and checks) the properties before it puts the object under its id.
        UserObject o = type.create(id, new OptionValues(own), engine.clock());
        if (engine.objects().get(id) != null) {
            throw QmpError.generic("attempt to add duplicate property '" + id + "' to object (type 'container')");
        }
        engine.objects().add(type.type(), o);
    }
}
