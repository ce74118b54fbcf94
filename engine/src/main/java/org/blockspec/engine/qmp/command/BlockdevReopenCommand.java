package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.Drains;
import org.blockspec.engine.graph.BlockdevOptions;
import org.blockspec.engine.graph.Reopen;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.schema.BlockdevOptionsParser;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * Reopens nodes with complete new option sets, all as one change: read-only toggled,
 * {@code file} and {@code backing} switched to other nodes, driver options that may change
 * changed. Omitted options return to their defaults; nothing else may differ.
 */
public final class BlockdevReopenCommand implements QmpCommand {
    @Override public String name() { return "blockdev-reopen"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("options", OptionType.ANY));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        JsonNode list = (JsonNode) args.get("options");
        if (!list.isArray()) throw QmpError.generic("Invalid parameter type for 'options', expected: array");
        BlockdevOptionsParser parser = new BlockdevOptionsParser(ctx.engine().drivers());
        List<BlockdevOptions> parsed = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) parsed.add(parser.parseElement(list.get(i), "options[" + i + "]"));

        Reopen reopen = new Reopen(ctx.engine().graph(), ctx.engine().objects()::find);
        // Each listed node's subtree is drained while the reopen runs (jobs above pause), as in QEMU.
        List<BlockNode> drained = new ArrayList<>();
        try {
            for (BlockdevOptions o : parsed) {
                if (o.nodeName() == null) throw new BlockException("node-name not specified");
                BlockNode n = ctx.engine().graph().node(o.nodeName());
                if (n == null) throw new BlockException("Failed to find node with node-name='" + o.nodeName() + "'");
                Drains.subtreeBegin(n);
                drained.addFirst(n);
                reopen.listed(n, o);
            }
            // QEMU 7.2 aborts on an empty list; nothing to reopen is simply done.
            if (!parsed.isEmpty()) reopen.run();
        } finally {
            for (BlockNode n : drained) Drains.subtreeEnd(n);
        }
        return QmpContext.empty();
    }
}
