package org.blockspec.engine.qmp.transaction;

import java.util.List;
import java.util.Map;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BlockOp;
import org.blockspec.engine.graph.Drains;
import org.blockspec.engine.graph.Filenames;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.graph.Overlays;
import org.blockspec.engine.graph.Reopen;
import org.blockspec.engine.graph.Transaction;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.qmp.command.NodeLookup;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perm;

/**
 * An external snapshot (slides 27-28): a new overlay becomes the top above a node, taking
 * over all of its parents, and the node becomes the overlay's read-only backing image.
 * {@code blockdev-snapshot} uses an overlay already added; {@code blockdev-snapshot-sync}
 * creates the overlay image (qcow2 by default, naming the node's image as its backing file)
 * and opens it. QEMU's external_snapshot_action, checks in its order.
 */
public final class ExternalSnapshot implements TransactionAction {
    /** Arguments of blockdev-snapshot (BlockdevSnapshot). */
    public static final List<OptionField> SNAPSHOT_ARGS = List.of(
            OptionField.required("node", OptionType.STR),
            OptionField.required("overlay", OptionType.STR));

    /** Arguments of blockdev-snapshot-sync (BlockdevSnapshotSync). */
    public static final List<OptionField> SYNC_ARGS = List.of(
            OptionField.optional("device", OptionType.STR),
            OptionField.optional("node-name", OptionType.STR),
            OptionField.required("snapshot-file", OptionType.STR),
            OptionField.optional("snapshot-node-name", OptionType.STR),
            OptionField.optional("format", OptionType.STR),
            OptionField.optional("mode", OptionType.enumOf("NewImageMode", "existing", "absolute-paths")));

    /** Where the overlay comes from: an existing node, or an image file to create and open. */
    private sealed interface Overlay {
        record Existing(String reference) implements Overlay {
        }

        record NewImage(String file, String nodeName, String format, boolean create) implements Overlay {
        }
    }

    private final String device;
    private final String nodeName;
    private final Overlay overlay;
    private BlockNode old;
    private BlockNode top;
    /** The node drained from prepare to clean. */
    private BlockNode drained;

    private ExternalSnapshot(String device, String nodeName, Overlay overlay) {
        this.device = device;
        this.nodeName = nodeName;
        this.overlay = overlay;
    }

    /** blockdev-snapshot's arguments, as parsed against {@link #SNAPSHOT_ARGS}. */
    public static ExternalSnapshot existing(Map<String, Object> args) {
        String node = (String) args.get("node");
        return new ExternalSnapshot(node, node, new Overlay.Existing((String) args.get("overlay")));
    }

    /** blockdev-snapshot-sync's arguments, as parsed against {@link #SYNC_ARGS}. */
    public static ExternalSnapshot sync(Map<String, Object> args) {
        String format = (String) args.getOrDefault("format", "qcow2");
        boolean create = !"existing".equals(args.get("mode"));
        return new ExternalSnapshot((String) args.get("device"), (String) args.get("node-name"),
                new Overlay.NewImage((String) args.get("snapshot-file"), (String) args.get("snapshot-node-name"),
                        format, create));
    }

    @Override public void prepare(Engine engine, Transaction tran) throws BlockException {
        Graph graph = engine.graph();
        old = NodeLookup.deviceOrNode(graph, device, nodeName);
        Drains.begin(old);
        drained = old;
        old.blockers().check(BlockOp.EXTERNAL_SNAPSHOT, old.name());
        if (!old.readOnly() && !old.driver().flush().ok()) throw new BlockException("An IO error has occurred");

        top = switch (overlay) {
            case Overlay.Existing e -> NodeLookup.deviceOrNode(graph, e.reference(), e.reference());
            case Overlay.NewImage n -> openNew(engine, n, tran);
        };
        if (top.cumulativePerms().perm().has(Perm.CONSISTENT_READ)) {
            throw new BlockException("The overlay is already in use");
        }
        if (top.kind() == DriverKind.FILTER) throw new BlockException("Filters cannot be used as overlays");
        if (top.backingChild() != null) throw new BlockException("The overlay already has a backing image");
        if (!top.supportsBacking()) throw new BlockException("The overlay does not support backing images");
        Overlays.append(graph, top, old, tran);
    }

    /**
     * The old top goes read-only, as QEMU's commit does it: a failure leaves it writable.
     * Then the reference that opening a new overlay took is dropped, as QEMU's clean-up does:
     * the overlay lives on through its parents and the monitor does not own it; a snapshot of
     * a node without parents leaves no overlay behind.
     */
    @Override public void finish(Engine engine) {
        if (!old.readOnly() && !old.closed()) {
            try {
                Reopen.setReadOnly(engine.graph(), engine.objects()::find, old, true);
            } catch (BlockException e) {
                // QEMU ignores it too: the guest keeps writing to the overlay either way.
            }
        }
        if (overlay instanceof Overlay.NewImage && top.monitorOwned()) {
            try {
                GraphChange.apply(engine.graph(), tran -> {
                    engine.graph().monitorUnref(top, tran);
                    return null;
                });
            } catch (BlockException e) {
                throw new IllegalStateException("releasing an unused overlay cannot fail", e);
            }
        }
    }

    @Override public void clean(Engine engine) {
        if (drained != null) Drains.end(drained);
        drained = null;
    }

    private BlockNode openNew(Engine engine, Overlay.NewImage n, Transaction tran) throws BlockException {
        Graph graph = engine.graph();
        if (nodeName != null && n.nodeName() == null) throw new BlockException("New overlay node-name missing");
        if (n.nodeName() != null && (graph.node(n.nodeName()) != null || graph.backend(n.nodeName()) != null)) {
            throw new BlockException("New overlay node-name already in use");
        }
        if (n.create()) {
            ImageCreator.create(engine, new ImageCreator.Request(n.file(), n.format(), NodeIo.length(old), null,
                    Filenames.of(old), old.driverName(), false, false), engine.stdout());
        }
        return engine.opener().openImage(ImageRequest.of(n.nodeName(), n.file(), n.format(), old.readOnly())
                .withNoBacking(true), tran);
    }


}
