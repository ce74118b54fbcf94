package org.blockspec.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * A node of the block graph (QEMU's BlockDriverState): a driver instance with a name,
 * options, child edges and parent edges.
 *
 * <p>A node lives while something references it: the monitor (it was the top of a
 * blockdev-add), each parent edge, and other holders. Parent edges are kept newest first,
 * the order QEMU walks them in its conflict check.
 */
public final class BlockNode implements Parent {
    private final String name;
    private final BlockDriverFactory factory;
    private BlockdevOptions options;
    private boolean readOnly;
    private final boolean forceShare;
    private BlockdevOptions.CacheOptions cache;
    /** The parent whose opening created this node; a reopen of it reopens this node too. */
    private BlockNode inheritsFrom;
    private final List<Runnable> onClose = new ArrayList<>();
    private BlockDriver driver;
    private long knownLength;
    private final List<ChildEdge> children = new ArrayList<>();
    private final List<ChildEdge> parents = new ArrayList<>();
    private final OpBlockers blockers = new OpBlockers();
    private final List<org.blockspec.engine.io.DirtyBitmap> bitmaps = new ArrayList<>();
    private OpBlockers.Reason backingBlocker;
    private int refcount;
    private int quiesceCounter;
    private int recursiveQuiesceCounter;
    private boolean monitorOwned;
    private boolean closed;
    private boolean noIo;
    private boolean implicit;
    private boolean discardUnmap;
    private boolean backingFromMetadata;

    BlockNode(String name, BlockDriverFactory factory, BlockdevOptions options,
              boolean readOnly, boolean forceShare, BlockdevOptions.CacheOptions cache) {
        this.name = name;
        this.factory = factory;
        this.options = options;
        this.readOnly = readOnly;
        this.forceShare = forceShare;
        this.cache = cache;
    }

    public String name() { return name; }

    public String driverName() { return factory.name(); }

    public DriverKind kind() { return factory.kind(); }

    public BlockDriverFactory factory() { return factory; }

    public BlockdevOptions options() { return options; }

    public boolean readOnly() { return readOnly; }

    public boolean forceShare() { return forceShare; }

    /** Options, read-only state and cache after a reopen; {@link Graph#reopened} records the undo. */
    void setState(BlockdevOptions options, boolean readOnly, BlockdevOptions.CacheOptions cache) {
        this.options = options;
        this.readOnly = readOnly;
        this.cache = cache;
    }

    public BlockNode inheritsFrom() { return inheritsFrom; }

    /** Whether the driver can have a backing image (it declares a {@code backing} option; QEMU's supports_backing). */
    public boolean supportsBacking() {
        for (var f : factory.options()) if (f.name().equals("backing")) return true;
        return false;
    }

    /** The next link down a chain: a filter's filtered child, else the backing child (bdrv_filter_or_cow_child). */
    public ChildEdge filteredOrBackingChild() {
        ChildEdge p = primaryChild();
        if (kind() == DriverKind.FILTER && p != null && p.role().isFiltered()) return p;
        return backingChild();
    }

    /** Whether {@code target} is this node or lies below it (a new edge to it would close a loop). */
    public boolean reaches(BlockNode target) {
        if (this == target) return true;
        for (ChildEdge c : children) if (c.child().reaches(target)) return true;
        return false;
    }

    void setInheritsFrom(BlockNode parent) { this.inheritsFrom = parent; }

    /** Cache mode in effect: as given, or inherited from the parent that created this node. */
    public BlockdevOptions.CacheOptions cache() { return cache; }

    /** The opened driver; null only while the node is being opened. */
    public BlockDriver driver() { return driver; }

    void setDriver(BlockDriver d) {
        this.driver = d;
        this.knownLength = d.length();
    }

    /** The length QEMU would have on record for this node (its total_sectors, in bytes). */
    public long knownLength() { return knownLength; }

    public void setKnownLength(long length) { this.knownLength = length; }

    /** Child edges, most recently attached first (QEMU's order, which its queries show). */
    public List<ChildEdge> children() { return Collections.unmodifiableList(children); }

    List<ChildEdge> mutableChildren() { return children; }

    /** Parent edges, most recently attached first. */
    public List<ChildEdge> parents() { return Collections.unmodifiableList(parents); }

    List<ChildEdge> mutableParents() { return parents; }

    public ChildEdge child(String childName) {
        for (ChildEdge c : children) if (c.name().equals(childName)) return c;
        return null;
    }

    /** The child whose role is PRIMARY (a filter's or format's {@code file}), or null. */
    public ChildEdge primaryChild() {
        for (ChildEdge c : children) if (c.role().isPrimary()) return c;
        return null;
    }

    /**
     * Why operations on this node are refused right now (QEMU's op blockers), e.g.
     * {@code node is used as backing hd of 'ov'} for deletion but not for being committed into.
     */
    public OpBlockers blockers() { return blockers; }

    /** Dirty bitmaps on this node, oldest first: every write to the node marks them. */
    public List<org.blockspec.engine.io.DirtyBitmap> dirtyBitmaps() { return bitmaps; }

    /** What this node, as an overlay, puts on its backing image: one reason for as long as the node lives. */
    OpBlockers.Reason backingBlocker() {
        if (backingBlocker == null) backingBlocker = new OpBlockers.Reason("node is used as backing hd of '" + name + "'");
        return backingBlocker;
    }

    public int refcount() { return refcount; }

    /** How many drained sections the node is in (QEMU's quiesce_counter). */
    public int quiesceCounter() { return quiesceCounter; }

    void quiesce(int delta) { quiesceCounter += delta; }

    /** How many subtree drains include everything below the node (QEMU's recursive_quiesce_counter). */
    public int recursiveQuiesceCounter() { return recursiveQuiesceCounter; }

    void recursiveQuiesce(int delta) { recursiveQuiesceCounter += delta; }

    void ref() { refcount++; }

    void unrefCount() { refcount--; }

    public boolean monitorOwned() { return monitorOwned; }

    void setMonitorOwned(boolean owned) { this.monitorOwned = owned; }

    public boolean closed() { return closed; }

    /** Opened with discard=unmap, given or inherited (QEMU's BDRV_O_UNMAP). */
    public boolean discardUnmap() { return discardUnmap; }

    void setDiscardUnmap(boolean v) { this.discardUnmap = v; }

    /** A filter the engine inserted without a name from the user (QEMU's implicit flag). */
    public boolean implicit() { return implicit; }

    void setImplicit(boolean v) { this.implicit = v; }

    /** Opened for metadata only (QEMU's BDRV_O_NO_IO, qemu-img info). */
    public boolean noIo() { return noIo; }

    void setNoIo(boolean v) { this.noIo = v; }

    /** The backing child was opened from the name in the node's metadata (not given by the user). */
    public boolean backingFromMetadata() { return backingFromMetadata; }

    void setBackingFromMetadata(boolean v) { this.backingFromMetadata = v; }

    /** The backing child (the COW edge), or null. */
    public ChildEdge backingChild() {
        for (ChildEdge c : children) if (c.role().isCow()) return c;
        return null;
    }

    void markClosed() {
        closed = true;
        for (Runnable r : onClose) r.run();
        onClose.clear();
    }

    /** Something to release when the node closes (a frozen chain it holds). */
    void onClose(Runnable r) { onClose.add(r); }

    /** OR of what every parent takes, AND of what every parent shares. */
    public Perms cumulativePerms() {
        PermSet perm = PermSet.NONE;
        PermSet shared = PermSet.ALL;
        for (ChildEdge p : parents) {
            perm = perm.plus(p.perms().perm());
            shared = shared.and(p.perms().shared());
        }
        return new Perms(perm, shared);
    }

    /** QEMU's bdrv_get_device_name: the name of a BlockBackend on the node, else "". */
    public String deviceName() {
        for (ChildEdge p : parents) {
            if (p.parent() instanceof BlockBackend b && b.name() != null) return b.name();
        }
        return "";
    }

    @Override
    public String conflictDescription() {
        return "node '" + name + "'";
    }

    @Override
    public String toString() {
        return name + " [" + factory.name() + "]";
    }
}
