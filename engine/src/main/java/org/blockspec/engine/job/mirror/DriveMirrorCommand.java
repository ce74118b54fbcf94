package org.blockspec.engine.job.mirror;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BlockOp;
import org.blockspec.engine.graph.Chains;
import org.blockspec.engine.graph.Filenames;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.command.NodeLookup;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * drive-mirror: mirrors a root node into an image file named by the command, created first
 * (mode absolute-paths, the default: in the source's format, backed by the source's backing
 * image unless the whole disk is copied) or opened as it is (mode existing). When the job
 * completes, the target gets the source's backing chain. QEMU's checks in QEMU's order.
 */
public final class DriveMirrorCommand implements QmpCommand {
    @Override public String name() { return "drive-mirror"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.optional("job-id", OptionType.STR), OptionField.required("device", OptionType.STR),
                OptionField.required("target", OptionType.STR), OptionField.optional("format", OptionType.STR),
                OptionField.optional("node-name", OptionType.STR), OptionField.optional("replaces", OptionType.STR),
                OptionField.required("sync", BlockdevMirrorCommand.SYNC),
                OptionField.optional("mode", OptionType.enumOf("NewImageMode", "existing", "absolute-paths")),
                OptionField.optional("speed", OptionType.INT), OptionField.optional("granularity", OptionType.UINT32),
                OptionField.optional("buf-size", OptionType.INT),
                OptionField.optional("on-source-error", org.blockspec.engine.job.OnError.TYPE),
                OptionField.optional("on-target-error", org.blockspec.engine.job.OnError.TYPE),
                OptionField.optional("unmap", OptionType.BOOL),
                OptionField.optional("copy-mode", BlockdevMirrorCommand.COPY_MODE),
                OptionField.optional("auto-finalize", OptionType.BOOL), OptionField.optional("auto-dismiss", OptionType.BOOL));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        Engine engine = ctx.engine();
        BlockNode bs = NodeLookup.root(engine.graph(), (String) args.get("device"));
        bs.blockers().check(BlockOp.MIRROR_SOURCE, bs.name());
        boolean existing = "existing".equals(args.get("mode"));
        String format = (String) args.get("format");
        if (format == null && !existing) format = bs.driverName();
        String sync = (String) args.get("sync");
        BlockNode targetBacking = Chains.cow(Chains.skipFilters(bs));
        if (targetBacking == null && sync.equals("top")) sync = "full";
        if (sync.equals("none")) targetBacking = bs;
        long size = NodeIo.length(bs);
        String nodeName = (String) args.get("node-name");
        if (args.get("replaces") != null && nodeName == null) {
            throw new BlockException("a node-name must be provided when replacing a named node of the graph");
        }
        MirrorJob.BackingMode backingMode = existing ? MirrorStart.OPEN_CHAIN : MirrorStart.SOURCE_CHAIN;
        String target = (String) args.get("target");
        if (!existing) {
            String backingFile = null;
            String backingFormat = null;
            if (!sync.equals("full") && targetBacking != null) {
                BlockNode explicit = Chains.skipImplicitFilters(targetBacking);
                backingFile = Filenames.of(explicit);
                backingFormat = explicit.driverName();
            }
            ImageCreator.create(engine, new ImageCreator.Request(target, format, size, null, backingFile, backingFormat,
                    false, false), engine.stdout());
        }
        String fmt = format;
        BlockNode targetNode = GraphChange.apply(engine.graph(), tran -> engine.opener().openImage(
                ImageRequest.of(nodeName, target, fmt, false).withNoBacking(true), tran));
        boolean zeroTarget = sync.equals("full") && existing;
        try {
            MirrorStart.mirror(engine, new MirrorStart.Request(BlockdevMirrorCommand.jobOptions(args), bs, targetNode,
                    (String) args.get("replaces"), sync, backingMode, zeroTarget,
                    (Long) args.getOrDefault("granularity", 0L), (Long) args.getOrDefault("buf-size", 0L),
                    BlockdevMirrorCommand.onError(args, "on-source-error"),
                    BlockdevMirrorCommand.onError(args, "on-target-error"), !Boolean.FALSE.equals(args.get("unmap")),
                    null, "write-blocking".equals(args.get("copy-mode"))));
        } finally {
            // The command's own reference: the job (if it started) holds the target from now on.
            GraphChange.apply(engine.graph(), tran -> {
                engine.graph().monitorUnref(targetNode, tran);
                return null;
            });
        }
        return QmpContext.empty();
    }
}
