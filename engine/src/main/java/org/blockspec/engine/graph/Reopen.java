package org.blockspec.engine.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.qmp.QDictOrder;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.FormatInfo;
import org.blockspec.engine.spi.ReopenPolicy;
import org.blockspec.engine.spi.ReopenRequest;

/**
 * Reopens nodes with new options as one graph change (QEMU's bdrv_reopen_multiple): every
 * queued node is prepared in order (options that may not change, its driver's own part, a
 * switched {@code backing} or {@code file} child), then the whole graph's permissions and
 * locks are checked for the new state, then everything commits, or nothing does.
 */
public final class Reopen {
    private final Graph graph;
    private final ReopenRequest.ObjectLookup objects;
    private final ReopenQueue queue = new ReopenQueue();

    public Reopen(Graph graph, ReopenRequest.ObjectLookup objects) {
        this.graph = graph;
        this.objects = objects;
    }

    /** A node listed in blockdev-reopen with its complete new options. */
    public Reopen listed(BlockNode node, BlockdevOptions options) {
        queue.addListed(node, options);
        return this;
    }

    /** A node made read-only or writable, keeping its options (QEMU's bdrv_reopen_set_read_only). */
    public Reopen readOnly(BlockNode node, boolean readOnly) {
        queue.addKeeping(node, readOnly);
        return this;
    }

    /**
     * QEMU's bdrv_reopen_set_read_only: one node made read-only or writable, in a drained
     * section of its subtree (jobs above it pause for the reopen).
     */
    public static void setReadOnly(Graph graph, ReopenRequest.ObjectLookup objects, BlockNode node, boolean readOnly)
            throws BlockException {
        Drains.subtreeBegin(node);
        try {
            new Reopen(graph, objects).readOnly(node, readOnly).run();
        } finally {
            Drains.subtreeEnd(node);
        }
    }

    /** Runs the reopen as its own graph change. */
    public void run() throws BlockException {
        GraphChange.apply(graph, tran -> {
            apply(tran);
            return null;
        });
    }

    /** Prepares, checks and schedules the commit of the reopen inside a larger change. */
    public void apply(Transaction tran) throws BlockException {
        List<ReopenQueue.Entry> entries = queue.entries();
        Set<BlockNode> refresh = new LinkedHashSet<>();
        Set<BlockNode> backingSwitched = new LinkedHashSet<>();
        List<org.blockspec.engine.spi.Reopen> prepared = new ArrayList<>();
        for (ReopenQueue.Entry e : entries) {
            // Checked from each node, then from the children it let go of, as QEMU lists them.
            Map<String, BlockNode> released = new LinkedHashMap<>();
            prepared.add(prepare(e, tran, released));
            refresh.add(e.node);
            for (BlockNode old : released.values()) if (old != null) refresh.add(old);
            if (released.containsKey("backing")) backingSwitched.add(e.node);
        }
        PermissionRefresh.refresh(graph, refresh, tran);
        for (int i = prepared.size() - 1; i >= 0; i--) tran.onCommit(prepared.get(i)::commit);
        tran.onCommit(() -> {
            for (BlockNode n : backingSwitched) n.driver().backingChanged(n.backingChild());
        });
    }

    private org.blockspec.engine.spi.Reopen prepare(ReopenQueue.Entry e, Transaction tran,
                                                    Map<String, BlockNode> released) throws BlockException {
        BlockNode n = e.node;
        BlockdevOptions now = e.options();
        BlockdevOptions was = n.options();
        ReopenPolicy policy = n.factory().reopenPolicy();
        if (!policy.supported()) {
            throw new BlockException("Block format '" + n.driverName() + "' used by node '" + n.name()
                    + "' does not support reopening files");
        }
        graph.reopened(n, now, e.readOnly, e.cache, tran);
        org.blockspec.engine.spi.Reopen r = n.driver().prepareReopen(
                new ReopenRequest(now.driverOptions(), e.readOnly, e.cache.direct(), objects));
        tran.onAbort(r::abort);
        if (e.keepOld) return r;

        if (n.supportsBacking() && now.child("backing") == null
                && (n.backingChild() != null || namesBackingFile(n))) {
            throw new BlockException("backing is missing for '" + n.name() + "'");
        }
        for (String option : List.of("backing", "file")) switchChild(n, option, now.child(option), tran, released);
        String unchangeable = firstUnchangeable(e, was, policy);
        if (unchangeable != null) throw new BlockException("Cannot change the option '" + unchangeable + "'");
        return r;
    }

    /**
     * Points {@code option} at another node, or removes the backing child (QEMU's
     * bdrv_reopen_parse_file_or_backing). A changed child is noted in {@code released}, with
     * the node it had before (null when it had none).
     */
    private void switchChild(BlockNode n, String option, ChildSpec spec, Transaction tran,
                             Map<String, BlockNode> released) throws BlockException {
        if (!(spec instanceof ChildSpec.Reference) && !(spec instanceof ChildSpec.None)) return;
        ChildEdge old = n.child(option);
        BlockNode target = null;
        if (spec instanceof ChildSpec.Reference r) {
            target = graph.node(r.name());
            if (target == null) {
                throw new BlockException("Cannot find device='' nor node-name='" + r.name() + "'");
            }
        }
        if (old != null && old.child() == target) return;
        if (old == null && target == null) return;
        boolean backing = option.equals("backing");
        if (n.kind() == DriverKind.FILTER && old == null) {
            throw new BlockException("'" + n.name() + "' is a " + n.driverName()
                    + " filter node that does not support a " + option + " child");
        }
        if (old != null && old.frozen()) {
            throw new BlockException("Cannot change frozen '" + option + "' link from '" + n.name() + "' to '"
                    + old.child().name() + "'");
        }
        if (backing && n.kind() != DriverKind.FILTER && !n.supportsBacking()) {
            throw new BlockException("Driver '" + n.driverName() + "' of node '" + n.name()
                    + "' does not support backing files");
        }
        if (target != null && target.reaches(n)) {
            throw new BlockException("Making '" + target.name() + "' a " + option + " child of '" + n.name()
                    + "' would create a cycle");
        }
        released.put(option, old == null ? null : old.child());
        if (target == null) {
            graph.detach(old, tran);
        } else if (old == null) {
            graph.attach(n, target, option, ChildRole.BACKING, org.blockspec.engine.spi.Perms.UNUSED, tran);
        } else {
            graph.reattach(old, target, tran);
        }
    }

    /**
     * The first option, in QEMU's dictionary order, that differs from what the node was
     * opened with although neither the engine nor the driver can change it.
     */
    private static String firstUnchangeable(ReopenQueue.Entry e, BlockdevOptions was, ReopenPolicy policy) {
        BlockNode n = e.node;
        BlockdevOptions now = e.given;
        List<String> changed = new ArrayList<>();
        if (!now.driver().equals(n.driverName())) changed.add("driver");
        if (now.nodeName() != null && !now.nodeName().equals(was.nodeName())) changed.add("node-name");
        if (now.forceShare() != null && !now.forceShare().equals(was.forceShare())) changed.add("force-share");
        for (String name : now.driverOptions().names()) {
            if (policy.changeable().contains(name)) continue;
            if (!Objects.equals(now.driverOptions().raw(name), was.driverOptions().raw(name))) changed.add(name);
        }
        for (Map.Entry<String, ChildSpec> c : now.children().entrySet()) {
            if (c.getKey().equals("backing") || c.getKey().equals("file")) continue;
            ChildEdge current = n.child(c.getKey());
            boolean same = c.getValue() instanceof ChildSpec.Reference r && current != null
                    && current.child().name().equals(r.name())
                    || c.getValue() instanceof ChildSpec.Inline && current != null
                    && current.child().inheritsFrom() == n;
            if (!same) changed.add(c.getKey());
        }
        if (changed.isEmpty()) return null;
        return QDictOrder.order(changed).getFirst();
    }


    private static boolean namesBackingFile(BlockNode n) {
        FormatInfo info = n.driver().formatInfo();
        return info != null && info.backing() != null;
    }

}
