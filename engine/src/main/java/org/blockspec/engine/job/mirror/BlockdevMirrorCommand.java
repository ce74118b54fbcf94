package org.blockspec.engine.job.mirror;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.job.Jobs;
import org.blockspec.engine.job.OnError;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.command.NodeLookup;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * blockdev-mirror: mirrors a root node into an existing node; the target keeps the backing
 * chain it was opened with. The source is looked up first, then the target, then the rest is
 * checked in QEMU's order ({@link MirrorStart}).
 */
public final class BlockdevMirrorCommand implements QmpCommand {
    static final OptionType SYNC = OptionType.enumOf("MirrorSyncMode", "top", "full", "none", "incremental", "bitmap");
    static final OptionType COPY_MODE = OptionType.enumOf("MirrorCopyMode", "background", "write-blocking");

    @Override public String name() { return "blockdev-mirror"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.optional("job-id", OptionType.STR), OptionField.required("device", OptionType.STR),
                OptionField.required("target", OptionType.STR), OptionField.optional("replaces", OptionType.STR),
                OptionField.required("sync", SYNC), OptionField.optional("speed", OptionType.INT),
                OptionField.optional("granularity", OptionType.UINT32), OptionField.optional("buf-size", OptionType.INT),
                OptionField.optional("on-source-error", OnError.TYPE), OptionField.optional("on-target-error", OnError.TYPE),
                OptionField.optional("filter-node-name", OptionType.STR), OptionField.optional("copy-mode", COPY_MODE),
                OptionField.optional("auto-finalize", OptionType.BOOL), OptionField.optional("auto-dismiss", OptionType.BOOL));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        BlockNode bs = NodeLookup.root(ctx.engine().graph(), (String) args.get("device"));
        String target = (String) args.get("target");
        BlockNode targetNode = NodeLookup.deviceOrNode(ctx.engine().graph(), target, target);
        String sync = (String) args.get("sync");
        MirrorStart.mirror(ctx.engine(), new MirrorStart.Request(jobOptions(args), bs, targetNode,
                (String) args.get("replaces"), sync, MirrorStart.LEAVE, sync.equals("full"),
                (Long) args.getOrDefault("granularity", 0L), (Long) args.getOrDefault("buf-size", 0L),
                onError(args, "on-source-error"), onError(args, "on-target-error"), true,
                (String) args.get("filter-node-name"), "write-blocking".equals(args.get("copy-mode"))));
        return QmpContext.empty();
    }

    /** job-id, speed, auto-finalize and auto-dismiss, as every job start takes them. */
    static Jobs.Options jobOptions(Map<String, Object> args) {
        return new Jobs.Options((String) args.get("job-id"), (Long) args.getOrDefault("speed", 0L),
                !Boolean.FALSE.equals(args.get("auto-finalize")), !Boolean.FALSE.equals(args.get("auto-dismiss")));
    }

    static OnError onError(Map<String, Object> args, String key) {
        Object v = args.get(key);
        return v == null ? OnError.REPORT : OnError.fromQmpName((String) v);
    }
}
