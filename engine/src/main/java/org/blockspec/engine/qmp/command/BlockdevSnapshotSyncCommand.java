package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.transaction.Actions;
import org.blockspec.engine.qmp.transaction.ExternalSnapshot;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;

/**
 * An external snapshot onto a new image: created (unless {@code mode: existing}) with the
 * node's image as its backing file, opened, and put on top.
 */
public final class BlockdevSnapshotSyncCommand implements QmpCommand {
    @Override public String name() { return "blockdev-snapshot-sync"; }

    @Override public List<OptionField> arguments() { return ExternalSnapshot.SYNC_ARGS; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        Actions.run(ctx.engine(), List.of(ExternalSnapshot.sync(args)));
        return QmpContext.empty();
    }
}
