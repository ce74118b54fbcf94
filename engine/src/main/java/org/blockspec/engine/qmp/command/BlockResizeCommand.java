package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BlockOp;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * Resizes a node through a temporary BlockBackend that takes RESIZE and shares everything,
 * so any user that does not share resize (every export, every format parent) refuses it.
 */
public final class BlockResizeCommand implements QmpCommand {
    @Override public String name() { return "block_resize"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.optional("device", OptionType.STR),
                OptionField.optional("node-name", OptionType.STR),
                OptionField.required("size", OptionType.INT));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        String device = (String) args.get("device");
        String nodeName = (String) args.get("node-name");
        long size = (Long) args.get("size");
        BlockNode n = NodeLookup.deviceOrNode(ctx.engine().graph(), device, nodeName);
        if (size < 0) throw new BlockException("Parameter 'size' expects a >0 size");
        if (n.blockers().reason(BlockOp.RESIZE) != null) throw new BlockException("Device '(null)' is in use");
        BlockBackend tmp = BackendOps.createDirect(ctx.engine().graph(), n,
                new Perms(PermSet.of(Perm.RESIZE), PermSet.ALL));
        try {
            tmp.truncate(size);
        } finally {
            BackendOps.remove(ctx.engine().graph(), tmp);
        }
        return QmpContext.empty();
    }
}
