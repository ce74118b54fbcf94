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

/** An external snapshot onto an overlay node added beforehand (with {@code backing: null}). */
public final class BlockdevSnapshotCommand implements QmpCommand {
    @Override public String name() { return "blockdev-snapshot"; }

    @Override public List<OptionField> arguments() { return ExternalSnapshot.SNAPSHOT_ARGS; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        Actions.run(ctx.engine(), List.of(ExternalSnapshot.existing(args)));
        return QmpContext.empty();
    }
}
