package org.blockspec.engine.job.commit;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BlockOp;
import org.blockspec.engine.graph.Chains;
import org.blockspec.engine.graph.Filenames;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.job.Jobs;
import org.blockspec.engine.job.OnError;
import org.blockspec.engine.job.mirror.MirrorStart;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.command.NodeLookup;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perm;

/**
 * block-commit: merges a chain's top (or an image below it) into a base below. Arguments
 * are checked in QEMU's order, starting with the device lookup (libvirt probes for
 * DeviceNotFound). Committing the active layer, or any image someone writes to, runs the
 * mirror code with the commit type ({@link MirrorStart#activeCommit}): ready, then complete
 * moves every parent of the top to the base. Committing an image below the active layer
 * (QEMU's commit job with its commit_top filter) is not implemented yet and is refused.
 */
public final class BlockCommitCommand implements QmpCommand {
    @Override public String name() { return "block-commit"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.optional("job-id", OptionType.STR), OptionField.required("device", OptionType.STR),
                OptionField.optional("base-node", OptionType.STR), OptionField.optional("base", OptionType.STR),
                OptionField.optional("top-node", OptionType.STR), OptionField.optional("top", OptionType.STR),
                OptionField.optional("backing-file", OptionType.STR), OptionField.optional("speed", OptionType.INT),
                OptionField.optional("on-error", OnError.TYPE), OptionField.optional("filter-node-name", OptionType.STR),
                OptionField.optional("auto-finalize", OptionType.BOOL), OptionField.optional("auto-dismiss", OptionType.BOOL));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        Engine engine = ctx.engine();
        Graph graph = engine.graph();
        String device = (String) args.get("device");
        BlockNode bs;
        try {
            bs = NodeLookup.root(graph, device);
        } catch (BlockException e) {
            if (graph.lookup(device) == null) throw new QmpError(QmpError.DEVICE_NOT_FOUND, "Device '" + device + "' not found");
            throw e;
        }
        bs.blockers().check(BlockOp.COMMIT_SOURCE, bs.name());
        BlockNode top = bs;
        String topNode = (String) args.get("top-node");
        String topFile = (String) args.get("top");
        if (topNode != null && topFile != null) throw new BlockException("'top-node' and 'top' are mutually exclusive");
        if (topNode != null) {
            top = NodeLookup.deviceOrNode(graph, null, topNode);
            if (!Chains.contains(bs, top)) throw new BlockException("'" + topNode + "' is not in this backing file chain");
        } else if (topFile != null && !Filenames.of(bs).equals(topFile)) {
            top = findBackingImage(bs, topFile);
        }
        if (top == null) throw new BlockException("Top image file " + (topFile != null ? topFile : "NULL") + " not found");
        String baseNode = (String) args.get("base-node");
        String baseFile = (String) args.get("base");
        BlockNode base;
        if (baseNode != null && baseFile != null) throw new BlockException("'base-node' and 'base' are mutually exclusive");
        if (baseNode != null) {
            base = NodeLookup.deviceOrNode(graph, null, baseNode);
            if (!Chains.contains(top, base)) throw new BlockException("'" + baseNode + "' is not in this backing file chain");
        } else if (baseFile != null) {
            base = findBackingImage(top, baseFile);
            if (base == null) throw new BlockException("Can't find '" + baseFile + "' in the backing chain");
        } else {
            base = Chains.base(top);
            if (base == null) throw new BlockException("There is no backimg image"); // sic, QEMU 7.2's text
        }
        BlockNode stop = Chains.filterOrCow(base);
        for (BlockNode it = top; it != null && it != stop; it = Chains.filterOrCow(it)) {
            it.blockers().check(BlockOp.COMMIT_TARGET, it.name());
        }
        if (top == base) throw new BlockException("cannot commit an image into itself");
        boolean active = top.cumulativePerms().perm().has(Perm.WRITE) || Chains.skipFilters(top) == Chains.skipFilters(bs);
        if (!active) {
            throw new BlockException("blockspec: committing an image below the active layer is not implemented yet");
        }
        if (args.get("backing-file") != null) {
            throw new BlockException(Chains.skipFilters(top) == Chains.skipFilters(bs) ? "'backing-file' specified, but 'top' is the active layer"
                    : "'backing-file' specified, but 'top' has a writer on it");
        }
        Jobs.Options o = new Jobs.Options(args.get("job-id") != null ? (String) args.get("job-id") : bs.deviceName(),
                (Long) args.getOrDefault("speed", 0L), !Boolean.FALSE.equals(args.get("auto-finalize")),
                !Boolean.FALSE.equals(args.get("auto-dismiss")));
        Object onError = args.get("on-error");
        MirrorStart.activeCommit(engine, o, top, base, onError == null ? OnError.REPORT : OnError.fromQmpName((String) onError),
                (String) args.get("filter-node-name"));
        return QmpContext.empty();
    }

    /** bdrv_find_backing_image: a layer below {@code top} whose file name is {@code name}. */
    private static BlockNode findBackingImage(BlockNode top, String name) {
        for (BlockNode n = Chains.filterOrCow(top); n != null; n = Chains.filterOrCow(n)) {
            String f = Filenames.of(n);
            if (f.equals(name) || f.endsWith("/" + name) || new java.io.File(f).getAbsolutePath().equals(
                    new java.io.File(name).getAbsolutePath())) {
                return n;
            }
        }
        return null;
    }
}
