package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BlockdevOptions;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.schema.BlockdevOptionsParser;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;

/**
 * Opens a tree of nodes and gives its top to the monitor. The whole tree is validated
 * first; then opened as one transaction, so a failure anywhere leaves the graph unchanged.
 */
public final class BlockdevAddCommand implements QmpCommand {
    @Override public String name() { return "blockdev-add"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public boolean validatesOwnArguments() { return true; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        BlockdevOptions options = new BlockdevOptionsParser(ctx.engine().drivers()).parse(raw, false);
        add(ctx.engine(), options);
        return QmpContext.empty();
    }

    /** Shared with the command line's --blockdev. */
    public static void add(org.blockspec.engine.Engine engine, BlockdevOptions options) throws BlockException {
        if (options.nodeName() == null) throw QmpError.generic("'node-name' must be specified for the root node");
        GraphChange.apply(engine.graph(), tran -> engine.opener().openMonitorOwned(options, tran));
    }
}
