package org.blockspec.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.Perms;

/**
 * The block graph of one engine: its nodes in naming order (the order QEMU's queries walk),
 * its BlockBackends in creation order, and the primitive changes every command is built
 * from. Each primitive records its undo in the {@link Transaction} it is given; none checks
 * permissions, which is the caller's job once the whole change is assembled.
 */
public final class Graph {
    private final List<BlockNode> nodes = new ArrayList<>();
    private final Map<String, BlockNode> byName = new LinkedHashMap<>();
    private final List<BlockBackend> backends = new ArrayList<>();
    private final List<JobParent> jobs = new ArrayList<>();
    private final NodeNames names;

    public Graph(NodeNames names) {
        this.names = names;
    }

    public NodeNames names() { return names; }

    /** Every node, in the order names were assigned (oldest first). */
    public List<BlockNode> nodes() { return Collections.unmodifiableList(nodes); }

    public List<BlockBackend> backends() { return Collections.unmodifiableList(backends); }

    /** Block jobs as users of nodes, newest first (the order QEMU lists its jobs in). */
    public List<JobParent> jobs() { return Collections.unmodifiableList(jobs); }

    public BlockNode node(String name) { return byName.get(name); }

    /** A named BlockBackend (monitor name, not device path), or null. */
    public BlockBackend backend(String name) {
        for (BlockBackend b : backends) if (name.equals(b.name())) return b;
        return null;
    }

    /**
     * QEMU's bdrv_lookup_bs: a named BlockBackend's node first, then a node name.
     * Returns null when neither exists.
     */
    public BlockNode lookup(String deviceOrNode) {
        BlockBackend b = backend(deviceOrNode);
        if (b != null && b.node() != null) return b.node();
        return byName.get(deviceOrNode);
    }

    BlockNode addNode(String name, BlockDriverFactory factory, BlockdevOptions options,
                      boolean readOnly, boolean forceShare, BlockdevOptions.CacheOptions cache, Transaction tran) {
        BlockNode n = new BlockNode(name, factory, options, readOnly, forceShare, cache);
        nodes.add(n);
        byName.put(name, n);
        tran.onAbort(() -> {
            nodes.remove(n);
            byName.remove(name);
        });
        return n;
    }

    /**
     * Attaches {@code child} below {@code parent} as the newest parent edge of the child.
     * The edge starts with the given permissions; the caller refreshes the graph afterwards.
     */
    public ChildEdge attach(Parent parent, BlockNode child, String name, ChildRole role, Perms perms,
                            Transaction tran) {
        // Callers refuse cycles with QEMU's message first; one reaching here would loop forever later.
        if (parent instanceof BlockNode p && child.reaches(p)) {
            throw new IllegalStateException("edge " + p.name() + " -> " + child.name() + " would close a cycle");
        }
        ChildEdge e = new ChildEdge(parent, child, name, role, perms);
        child.mutableParents().addFirst(e);
        child.ref();
        Drains.childChanged(e, null, child);
        tran.parentsChanged(child);
        if (role.isCow() && parent instanceof BlockNode p) blockBacking(child, p, tran);
        switch (parent) {
            case BlockNode p -> p.mutableChildren().addFirst(e); // QEMU lists a node's children newest first too
            case BlockBackend b -> {
                if (b.root() != null) throw new IllegalStateException(b + " already has a root");
                b.setRoot(e);
            }
            case JobParent j -> j.mutableEdges().addFirst(e); // QEMU prepends to job->nodes
        }
        tran.onAbort(() -> {
            child.mutableParents().remove(e);
            child.unrefCount();
            Drains.childChanged(e, child, null);
            switch (parent) {
                case BlockNode p -> p.mutableChildren().remove(e);
                case BlockBackend b -> b.setRoot(null);
                case JobParent j -> j.mutableEdges().remove(e);
            }
        });
        return e;
    }

    /** Removes an edge and drops the child's reference, closing it if that was the last one. */
    public void detach(ChildEdge e, Transaction tran) {
        BlockNode child = e.child();
        Parent parent = e.parent();
        int parentIndex = child.mutableParents().indexOf(e);
        int childIndex = switch (parent) {
            case BlockNode p -> p.mutableChildren().indexOf(e);
            case JobParent j -> j.mutableEdges().indexOf(e);
            case BlockBackend b -> -1;
        };
        child.mutableParents().remove(e);
        Drains.childChanged(e, child, null);
        tran.parentsChanged(child);
        switch (parent) {
            case BlockNode p -> p.mutableChildren().remove(e);
            case BlockBackend b -> b.setRoot(null);
            case JobParent j -> j.mutableEdges().remove(e);
        }
        if (e.role().isCow() && parent instanceof BlockNode p) unblockBacking(child, p, tran);
        if (parent instanceof BlockNode p && child.inheritsFrom() == p) setInheritsFrom(child, null, tran);
        tran.onAbort(() -> {
            child.mutableParents().add(parentIndex, e);
            Drains.childChanged(e, null, child);
            switch (parent) {
                case BlockNode p -> p.mutableChildren().add(childIndex, e);
                case BlockBackend b -> b.setRoot(e);
                case JobParent j -> j.mutableEdges().add(childIndex, e);
            }
        });
        unref(child, tran);
    }

    /**
     * Points an existing edge at another node (QEMU's bdrv_replace_child): the edge becomes
     * the new child's newest parent and the old child loses a reference.
     */
    public void replaceChild(ChildEdge e, BlockNode newChild, Transaction tran) {
        BlockNode old = e.child();
        int index = old.mutableParents().indexOf(e);
        old.mutableParents().remove(e);
        newChild.mutableParents().addFirst(e);
        newChild.ref();
        e.setChild(newChild);
        Drains.childChanged(e, old, newChild);
        tran.parentsChanged(old);
        tran.parentsChanged(newChild);
        if (e.role().isCow() && e.parent() instanceof BlockNode p) {
            unblockBacking(old, p, tran);
            blockBacking(newChild, p, tran);
        }
        if (e.parent() instanceof BlockNode p && old.inheritsFrom() == p) setInheritsFrom(old, null, tran);
        tran.onAbort(() -> {
            newChild.mutableParents().remove(e);
            newChild.unrefCount();
            old.mutableParents().add(index, e);
            e.setChild(old);
            Drains.childChanged(e, newChild, old);
        });
        unref(old, tran);
    }

    /**
     * Moves every parent of {@code from} onto {@code to}, as QEMU's bdrv_replace_node does
     * (without the permission update, which is the caller's): block jobs' edges stay where
     * they are, and so does any edge whose parent lies below {@code to} (moving it would close
     * a loop, as when {@code to} was just given {@code from} as its backing image).
     */
    public void replaceNode(BlockNode from, BlockNode to, Transaction tran) throws BlockException {
        for (ChildEdge e : List.copyOf(from.parents())) {
            if (e.parent() instanceof JobParent || (e.parent() instanceof BlockNode p && to.reaches(p))) continue;
            if (e.frozen()) throw new BlockException("Cannot change '" + e.name() + "' link to '" + from.name() + "'");
            replaceChild(e, to, tran);
        }
    }

    /** A new block job in the graph (it has no edges yet). */
    public void addJob(JobParent job, Transaction tran) {
        jobs.addFirst(job);
        tran.onAbort(() -> jobs.remove(job));
    }

    /**
     * QEMU's block_job_add_bdrv: the job takes a reference on {@code node} through a new edge
     * with fixed permissions and blocks every operation on it. The caller refreshes the
     * node's permissions (which checks the new edge against the other parents).
     */
    public ChildEdge attachToJob(JobParent job, BlockNode node, String name, Perms perms, Transaction tran) {
        ChildEdge e = attach(job, node, name, ChildRole.NONE, perms, tran);
        blockAll(node, job.blocker(), tran);
        return e;
    }

    /** QEMU's block_job_remove_all_bdrv: drops every edge of the job, newest first, and its blockers. */
    public void detachJob(JobParent job, Transaction tran) {
        for (ChildEdge e : List.copyOf(job.edges())) {
            unblockAll(e.child(), job.blocker(), tran);
            detach(e, tran);
        }
    }

    /** The job is gone from the graph (after {@link #detachJob}). */
    public void removeJob(JobParent job, Transaction tran) {
        int index = jobs.indexOf(job);
        if (index < 0) return;
        jobs.remove(index);
        tran.onAbort(() -> jobs.add(index, job));
    }

    /** A reopen's new options, read-only state and cache for {@code n}. */
    public void reopened(BlockNode n, BlockdevOptions options, boolean readOnly, BlockdevOptions.CacheOptions cache,
                         Transaction tran) {
        BlockdevOptions oldOptions = n.options();
        boolean oldReadOnly = n.readOnly();
        BlockdevOptions.CacheOptions oldCache = n.cache();
        tran.readOnlyChanging(n);
        n.setState(options, readOnly, cache);
        tran.onAbort(() -> n.setState(oldOptions, oldReadOnly, oldCache));
    }

    /** Notes that {@code parent}'s opening created {@code child} (QEMU's inherits_from). */
    public void setInheritsFrom(BlockNode child, BlockNode parent, Transaction tran) {
        BlockNode old = child.inheritsFrom();
        child.setInheritsFrom(parent);
        tran.onAbort(() -> child.setInheritsFrom(old));
    }

    /**
     * Points a parent's existing edge at another node as a new attachment would (QEMU
     * removes the old child and attaches the new one): the edge becomes the parent's newest
     * child. The driver keeps the same {@link org.blockspec.engine.spi.Child} handle.
     */
    public void reattach(ChildEdge e, BlockNode newChild, Transaction tran) {
        if (e.parent() instanceof BlockNode p) {
            int index = p.mutableChildren().indexOf(e);
            p.mutableChildren().remove(index);
            p.mutableChildren().addFirst(e);
            tran.onAbort(() -> {
                p.mutableChildren().remove(e);
                p.mutableChildren().add(index, e);
            });
        }
        replaceChild(e, newChild, tran);
    }

    /**
     * Freezes the links from {@code top} down its filter and backing chain to {@code base}
     * until {@link #unfreezeChain}. Returns the frozen edges.
     */
    public List<ChildEdge> freezeChain(BlockNode top, BlockNode base, Transaction tran) throws BlockException {
        List<ChildEdge> links = new ArrayList<>();
        for (BlockNode n = top; n != base; ) {
            ChildEdge next = n.filteredOrBackingChild();
            if (next == null) {
                throw new BlockException("'" + base.name() + "' is not in the backing chain of '" + top.name() + "'");
            }
            links.add(next);
            n = next.child();
        }
        for (ChildEdge e : links) e.freeze(1);
        tran.onAbort(() -> links.forEach(e -> e.freeze(-1)));
        return links;
    }

    public void unfreezeChain(List<ChildEdge> links) {
        links.forEach(e -> e.freeze(-1));
    }

    /** Takes the monitor's reference on a node (the top of a blockdev-add). */
    public void monitorRef(BlockNode n, Transaction tran) {
        n.ref();
        n.setMonitorOwned(true);
        tran.onAbort(() -> {
            n.unrefCount();
            n.setMonitorOwned(false);
        });
    }

    /** Drops the monitor's reference (blockdev-del), closing the node if it was the last. */
    public void monitorUnref(BlockNode n, Transaction tran) {
        n.setMonitorOwned(false);
        tran.onAbort(() -> n.setMonitorOwned(true));
        unref(n, tran);
    }

    /**
     * Drops one reference. A node without references leaves the graph now and closes its
     * driver when the transaction commits; its own children are released recursively.
     */
    public void unref(BlockNode n, Transaction tran) {
        n.unrefCount();
        tran.onAbort(n::ref);
        if (n.refcount() > 0) return;
        int index = nodes.indexOf(n);
        // Written back while its children still carry its permissions, closed before them at commit
        // (QEMU closes top-down): a format still writes its metadata through them.
        if (n.driver() != null) n.driver().prepareClose();
        tran.onCommit(() -> {
            n.markClosed();
            if (n.driver() != null) n.driver().close();
        });
        for (ChildEdge c : List.copyOf(n.children()).reversed()) detach(c, tran);
        nodes.remove(n);
        byName.remove(n.name());
        tran.onAbort(() -> {
            nodes.add(index, n);
            byName.put(n.name(), n);
        });
    }

    /** Releases a node that was opened but never got a parent or the monitor's reference. */
    public void discardUnreferenced(BlockNode n, Transaction tran) {
        if (n.refcount() != 0) return;
        n.ref();
        unref(n, tran);
    }

    public BlockBackend addBackend(String name, String devicePath, Perms perms, Transaction tran) {
        BlockBackend b = new BlockBackend(name, devicePath, perms);
        backends.add(b);
        tran.onAbort(() -> backends.remove(b));
        return b;
    }

    /** Removes a backend, detaching it from its node first. */
    public void removeBackend(BlockBackend b, Transaction tran) {
        if (b.root() != null) detach(b.root(), tran);
        int index = backends.indexOf(b);
        backends.remove(b);
        tran.onAbort(() -> backends.add(index, b));
    }

    /** Changes what a backend asks for; the caller refreshes the node below. */
    public void setBackendPerms(BlockBackend b, Perms perms, Transaction tran) {
        Perms old = b.perms();
        b.setPermsField(perms);
        if (b.root() != null) setEdgePerms(b.root(), perms, tran);
        tran.onAbort(() -> b.setPermsField(old));
    }

    public void setEdgePerms(ChildEdge e, Perms perms, Transaction tran) {
        Perms old = e.perms();
        if (old.equals(perms)) return;
        e.setPerms(perms);
        tran.onAbort(() -> e.setPerms(old));
    }

    /**
     * Why a backing node may not be deleted while an overlay uses it (QEMU's backing_blocker):
     * everything is blocked but what works on backing images (commit into it, stream, backup).
     */
    private void blockBacking(BlockNode backing, BlockNode overlay, Transaction tran) {
        OpBlockers.Reason r = overlay.backingBlocker();
        blockAll(backing, r, tran);
        for (BlockOp op : List.of(BlockOp.COMMIT_TARGET, BlockOp.STREAM, BlockOp.BACKUP_SOURCE, BlockOp.BACKUP_TARGET)) {
            unblock(backing, op, r, tran);
        }
    }

    private void unblockBacking(BlockNode backing, BlockNode overlay, Transaction tran) {
        unblockAll(backing, overlay.backingBlocker(), tran);
    }

    /** Blocks every operation on {@code n} for {@code reason} (QEMU's bdrv_op_block_all). */
    public void blockAll(BlockNode n, OpBlockers.Reason reason, Transaction tran) {
        for (BlockOp op : BlockOp.values()) {
            n.blockers().add(op, reason);
            tran.onAbort(() -> n.blockers().remove(op, reason));
        }
    }

    /** Lifts {@code reason} for one operation (QEMU's bdrv_op_unblock). */
    public void unblock(BlockNode n, BlockOp op, OpBlockers.Reason reason, Transaction tran) {
        List<OpBlockers.Reason> before = n.blockers().snapshot(op);
        if (n.blockers().remove(op, reason) > 0) tran.onAbort(() -> n.blockers().restore(op, before));
    }

    /** Lifts {@code reason} everywhere (QEMU's bdrv_op_unblock_all). */
    public void unblockAll(BlockNode n, OpBlockers.Reason reason, Transaction tran) {
        for (BlockOp op : BlockOp.values()) unblock(n, op, reason, tran);
    }
}
