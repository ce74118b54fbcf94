package org.blockspec.engine.job.mirror;

import java.util.List;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.BlockOp;
import org.blockspec.engine.graph.Chains;
import org.blockspec.engine.graph.Drains;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.graph.Overlays;
import org.blockspec.engine.graph.Reopen;
import org.blockspec.engine.graph.Transaction;
import org.blockspec.engine.io.DirtyBitmap;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.job.Job;
import org.blockspec.engine.job.JobType;
import org.blockspec.engine.job.Jobs;
import org.blockspec.engine.job.OnError;
import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * Starting a mirror (QEMU's blockdev_mirror_common, mirror_start and mirror_start_job) or an
 * active commit (commit_active_start), with QEMU's checks in QEMU's order. The graph part is
 * one transaction: the {@code mirror_top} filter above the source, the job's edges, the
 * target's BlockBackend; any refusal undoes all of it (a job that was created by then is
 * dismissed again, with its events, as QEMU's job_early_fail does).
 */
public final class MirrorStart {
    private static final PermSet C = PermSet.of(Perm.CONSISTENT_READ);
    private static final PermSet WUC = PermSet.of(Perm.WRITE, Perm.WRITE_UNCHANGED, Perm.CONSISTENT_READ);

    private MirrorStart() {
    }

    /** A mirror's settings as blockdev-mirror and drive-mirror give them (QMP defaults applied). */
    public record Request(Jobs.Options job, BlockNode source, BlockNode target, String replaces, String sync,
                          MirrorJob.BackingMode backingMode, boolean zeroTarget, long granularity, long bufSize,
                          OnError onSourceError, OnError onTargetError, boolean unmap, String filterNodeName,
                          boolean writeBlocking) {
    }

    /** The backing-mode choices blockdev-mirror and drive-mirror make. */
    public static final MirrorJob.BackingMode LEAVE = MirrorJob.BackingMode.LEAVE_BACKING_CHAIN;
    public static final MirrorJob.BackingMode SOURCE_CHAIN = MirrorJob.BackingMode.SOURCE_BACKING_CHAIN;
    public static final MirrorJob.BackingMode OPEN_CHAIN = MirrorJob.BackingMode.OPEN_BACKING_CHAIN;

    /** QEMU's blockdev_mirror_common, then mirror_start. */
    public static Job mirror(Engine engine, Request r) throws BlockException {
        long g = r.granularity();
        if (g != 0 && (g < 512 || g > 64L << 20)) {
            throw new BlockException("Parameter 'granularity' expects a value in range [512B, 64MB]");
        }
        if ((g & (g - 1)) != 0) throw new BlockException("Parameter 'granularity' expects a power of 2");
        BlockNode bs = r.source();
        bs.blockers().check(BlockOp.MIRROR_SOURCE, bs.name());
        r.target().blockers().check(BlockOp.MIRROR_TARGET, r.target().name());
        String sync = r.sync();
        if (Chains.backingChainNext(bs) == null && sync.equals("top")) sync = "full";
        String replaces = r.replaces();
        if (replaces == null) {
            BlockNode unfiltered = Chains.skipImplicitFilters(bs);
            if (unfiltered != bs) replaces = unfiltered.name();
        }
        if (replaces != null) {
            long size = NodeIo.length(bs);
            BlockNode toReplace = checkToReplace(engine.graph(), bs, replaces);
            if (size != NodeIo.length(toReplace)) {
                throw new BlockException("cannot replace image with a mirror image of different size");
            }
        }
        if (sync.equals("incremental") || sync.equals("bitmap")) {
            throw new BlockException("Sync mode '" + sync + "' not supported");
        }
        boolean none = sync.equals("none");
        BlockNode base = sync.equals("top") ? Chains.backingChainNext(bs) : null;
        return start(engine, JobType.MIRROR, r.job(), bs, r.target(), replaces, g, r.bufSize(), r.backingMode(),
                r.zeroTarget(), r.onSourceError(), r.onTargetError(), r.unmap(), none, base, r.filterNodeName(),
                r.writeBlocking());
    }

    /**
     * QEMU's commit_active_start: the mirror code with the commit type, the base as target;
     * a read-only base is reopened read-write for it (and back if starting fails).
     */
    public static Job activeCommit(Engine engine, Jobs.Options job, BlockNode top, BlockNode base, OnError onError,
                                   String filterNodeName) throws BlockException {
        boolean baseReadOnly = base.readOnly();
        if (baseReadOnly) Reopen.setReadOnly(engine.graph(), engine.objects()::find, base, false);
        try {
            return start(engine, JobType.COMMIT, job, top, base, null, 0, 0, LEAVE, false, onError, onError, true, false,
                    base, filterNodeName, false);
        } catch (BlockException | RuntimeException e) {
            if (baseReadOnly) {
                try {
                    Reopen.setReadOnly(engine.graph(), engine.objects()::find, base, true);
                } catch (BlockException ignored) {
                    // QEMU ignores this error too and reports the original one
                }
            }
            throw e;
        }
    }

    /** QEMU's mirror_start_job. */
    private static Job start(Engine engine, JobType type, Jobs.Options jobOptions, BlockNode bs, BlockNode target,
                             String replaces, long granularity, long bufSize, MirrorJob.BackingMode backingMode,
                             boolean zeroTarget, OnError onSourceError, OnError onTargetError, boolean unmap,
                             boolean none, BlockNode base, String filterNodeName, boolean writeBlocking)
            throws BlockException {
        Graph graph = engine.graph();
        if (granularity == 0) granularity = defaultGranularity(target);
        if (bufSize < 0) throw new BlockException("Invalid parameter 'buf-size'");
        if (bufSize == 0) bufSize = MirrorJob.DEFAULT_BUF_SIZE;
        if (Chains.skipFilters(bs) == Chains.skipFilters(target)) throw new BlockException("Can't mirror node into itself");
        boolean targetIsBacking = Chains.contains(bs, target);
        long g = granularity;
        long buf = (bufSize + g - 1) / g * g;
        MirrorJob.Settings settings = new MirrorJob.Settings(type, bs, target, replaces, g, buf, backingMode,
                zeroTarget, onSourceError, onTargetError, unmap, none, base, writeBlocking);
        Job[] created = new Job[1];
        DirtyBitmap bitmap = new DirtyBitmap(g, NodeIo.length(bs));
        try {
            GraphChange.apply(graph, tran -> {
                BlockNode top = engine.opener().openDriver(filterNodeName, MirrorTop.FACTORY, tran);
                MirrorTop filter = (MirrorTop) top.driver();
                filter.setLength(NodeIo.length(bs));
                top.setKnownLength(NodeIo.length(bs));
                filter.setCommit(targetIsBacking);
                Drains.begin(bs);
                try {
                    Overlays.append(graph, top, bs, tran);
                } finally {
                    Drains.end(bs);
                }
                MirrorJob driver = new MirrorJob(engine, settings, top, bitmap);
                Job job = engine.jobs().createBlockJob(jobOptions, driver, null, top, new Perms(C, WUC), tran);
                created[0] = job;
                driver.attached(job);
                filter.setJob(driver);
                PermSet targetPerm = PermSet.of(Perm.WRITE);
                PermSet targetShared = PermSet.of(Perm.WRITE_UNCHANGED);
                if (targetIsBacking) {
                    if (NodeIo.length(target) < NodeIo.length(bs)) targetPerm = targetPerm.plus(Perm.RESIZE);
                    targetShared = targetShared.plus(Perm.CONSISTENT_READ).plus(Perm.WRITE);
                } else if (Chains.contains(bs, Chains.skipFilters(target))) {
                    throw new BlockException("Cannot mirror to a filter on top of a node in the source's backing chain");
                }
                BlockBackend targetBackend = graph.addBackend(null, null, new Perms(targetPerm, targetShared), tran);
                graph.attach(targetBackend, target, "root", org.blockspec.engine.spi.ChildRole.FILTERED_PRIMARY,
                        new Perms(targetPerm, targetShared), tran);
                PermissionRefresh.refresh(graph, List.of(target), tran);
                driver.setTarget(targetBackend);
                driver.setBaseOverlay(Chains.overlay(bs, base));
                if (writeBlocking) bitmap.setRecording(false);
                bs.dirtyBitmaps().add(bitmap);
                tran.onAbort(() -> bs.dirtyBitmaps().remove(bitmap));
                engine.jobs().attach(job, "source", bs, new Perms(PermSet.NONE, WUC), tran);
                engine.jobs().attach(job, "target", target, new Perms(PermSet.NONE, PermSet.ALL), tran);
                if (targetIsBacking) {
                    // Everything between the top and the base disappears with the commit: block it.
                    BlockNode filteredTarget = Chains.cow(Chains.overlay(bs, target));
                    PermSet shared = PermSet.of(Perm.WRITE_UNCHANGED, Perm.WRITE);
                    for (BlockNode it = Chains.filterOrCow(bs); it != target && it != null; it = Chains.filterOrCow(it)) {
                        if (it == filteredTarget) shared = shared.plus(Perm.CONSISTENT_READ);
                        engine.jobs().attach(job, "intermediate node", it, new Perms(PermSet.NONE, shared), tran);
                    }
                    driver.setFrozenChain(graph.freezeChain(top, target, tran));
                }
                return null;
            });
        } catch (BlockException | RuntimeException e) {
            if (created[0] != null && created[0].status() == org.blockspec.engine.job.JobStatus.CREATED) {
                created[0].earlyFail();
            }
            throw e;
        }
        created[0].start();
        return created[0];
    }

    /** QEMU's check_to_replace_node. */
    private static BlockNode checkToReplace(Graph graph, BlockNode parent, String name) throws BlockException {
        BlockNode n = graph.node(name);
        if (n == null) throw new BlockException("Failed to find node with node-name='" + name + "'");
        n.blockers().check(BlockOp.REPLACE, n.name());
        if (!MirrorJob.canReplace(parent, n)) {
            throw new BlockException("Cannot replace '" + name + "' by a node mirrored from '" + parent.name()
                    + "', because it cannot be guaranteed that doing so would not lead to an abrupt change of visible data");
        }
        return n;
    }

    /** bdrv_get_default_bitmap_granularity: the target's cluster size within [4k, 64k], else 64k. */
    static long defaultGranularity(BlockNode target) {
        long c = NodeIo.clusterSize(target);
        return c > 0 ? Math.min(65536, Math.max(4096, c)) : 65536;
    }
}
