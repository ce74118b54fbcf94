package org.blockspec.engine.qmp.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.nbd.NbdSchemas;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.support.SocketAddresses;

/** Starts the NBD server on an address in the legacy {@code {type, data: {...}}} form. */
public final class NbdServerStartCommand implements QmpCommand {
    @Override public String name() { return "nbd-server-start"; }

    @Override public List<OptionField> arguments() { return NbdSchemas.SERVER_START; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        Map<String, Object> options = new LinkedHashMap<>(args);
        options.put("addr", SocketAddresses.flatten((OptionValues) args.get("addr")));
        ctx.engine().nbd().start(new OptionValues(options));
        return QmpContext.empty();
    }
}
