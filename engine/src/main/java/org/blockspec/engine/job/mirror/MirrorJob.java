package org.blockspec.engine.job.mirror;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.Chains;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Drains;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.graph.OpBlockers;
import org.blockspec.engine.io.DirtyBitmap;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.job.ErrorAction;
import org.blockspec.engine.job.IoStatus;
import org.blockspec.engine.job.Job;
import org.blockspec.engine.job.JobDriver;
import org.blockspec.engine.job.JobType;
import org.blockspec.engine.job.Next;
import org.blockspec.engine.job.OnError;
import org.blockspec.engine.perm.PermissionRefresh;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.ReqFlags;

/**
 * The mirror job (QEMU's block/mirror.c), also run by an active commit: copies what the
 * source's dirty bitmap marks to the target, chunk by chunk, until both are in sync; then
 * it is ready and keeps the target in sync (new writes are marked dirty and copied, or in
 * write-blocking mode written through by {@link MirrorTop}) until it is completed (every
 * parent of the source moves to the target), cancelled, or soft-cancelled (it finishes
 * without the switch).
 *
 * <p>One step is one pass of QEMU's loop, or one copy operation of an iteration: the
 * chunks scenarios step by.
 */
final class MirrorJob implements JobDriver {
    private static final int MAX_IN_FLIGHT = 16;
    private static final long MAX_IO_BYTES = 1 << 20;
    static final long DEFAULT_BUF_SIZE = MAX_IN_FLIGHT * MAX_IO_BYTES;

    /** What one copy operation does on the target. */
    enum Method { COPY, ZERO, DISCARD }

    /** How the target's backing chain is set up when the job ends (QEMU's BlockMirrorBackingMode). */
    enum BackingMode { SOURCE_BACKING_CHAIN, OPEN_BACKING_CHAIN, LEAVE_BACKING_CHAIN }

    /** Where the run is. */
    private enum Phase { START, ZERO_LENGTH, PASS, ITERATION }

    /** Everything a mirror or active commit is started with. */
    record Settings(JobType type, BlockNode source, BlockNode target, String replaces, long granularity,
                    long bufSize, BackingMode backingMode, boolean zeroTarget, OnError onSourceError,
                    OnError onTargetError, boolean unmap, boolean noneMode, BlockNode base, boolean writeBlocking) {
    }

    private final Engine engine;
    private final Settings s;
    private final BlockNode mirrorTopNode;
    private final MirrorTop mirrorTop;
    private final DirtyBitmap bitmap;
    private BlockBackend target;
    private Job job;
    private BlockNode baseOverlay;
    private List<ChildEdge> frozenChain = List.of();

    private Phase phase = Phase.START;
    private Errno ret;
    private String retMessage;
    private boolean shouldComplete;
    private boolean activelySynced;
    private boolean prepared;
    private boolean initialZeroing;
    private long bufSize;
    private long bdevLength;
    private long targetClusterSize;
    private long lastPauseNs;
    private boolean justSlept;
    private long dirtyCursor;
    private long passCount;
    private long iterOffset;
    private long iterChunks;
    private long iterDelay;
    private BlockNode toReplace;
    private OpBlockers.Reason replaceBlocker;

    MirrorJob(Engine engine, Settings s, BlockNode mirrorTopNode, DirtyBitmap bitmap) {
        this.engine = engine;
        this.s = s;
        this.mirrorTopNode = mirrorTopNode;
        this.mirrorTop = (MirrorTop) mirrorTopNode.driver();
        this.bitmap = bitmap;
        this.bufSize = s.bufSize();
    }

    void setTarget(BlockBackend t) { this.target = t; }

    void setFrozenChain(List<ChildEdge> links) { this.frozenChain = links; }

    void setBaseOverlay(BlockNode n) { this.baseOverlay = n; }

    /** The job's own handle on the source: the filter's edge to it (QEMU reads through mirror_top->backing). */
    private ChildEdge sourceEdge() { return mirrorTopNode.filteredOrBackingChild(); }

    private BlockNode source() { return sourceEdge() == null ? null : sourceEdge().child(); }

    void attached(Job j) { this.job = j; }

    @Override public JobType type() { return s.type(); }

    // ---- the run ------------------------------------------------------------------------

    @Override public Next run(Job job) {
        if (justSlept) {
            justSlept = false;
            lastPauseNs = engine.clock().nanoTime();
        }
        return switch (phase) {
            case START -> start(job);
            case ZERO_LENGTH -> job.cancelRequested() || shouldComplete ? exit(job, null, null) : Next.YIELD;
            case PASS -> pass(job);
            case ITERATION -> op(job);
        };
    }

    private Next start(Job job) {
        if (job.isCancelled()) return exit(job, null, null);
        BlockNode src = source();
        bdevLength = NodeIo.length(src);
        long targetLength = target.length();
        if (s.base() != null && s.base() == target.node()) {
            // Active commit: a base smaller than the top grows to the top's size.
            if (bdevLength > targetLength) {
                try {
                    target.truncate(bdevLength);
                } catch (BlockException e) {
                    return exit(job, Errno.EIO, e.getMessage());
                }
            }
        } else if (bdevLength != targetLength) {
            return exit(job, Errno.EINVAL, "Source and target image have different sizes");
        }
        if (bdevLength == 0) {
            job.transitionToReady();
            activelySynced = true;
            phase = Phase.ZERO_LENGTH;
            return job.cancelRequested() || shouldComplete ? exit(job, null, null) : Next.YIELD;
        }
        targetClusterSize = NodeIo.clusterSize(target.node());
        if (targetClusterSize == 0) targetClusterSize = NodeIo.SECTOR;
        lastPauseNs = engine.clock().nanoTime();
        if (!s.noneMode()) {
            dirtyInit(job);
            if (job.isCancelled()) return exit(job, null, null);
        }
        phase = Phase.PASS;
        return Next.CONTINUE;
    }

    /** QEMU's mirror_dirty_init: zero the target if asked (and cheap), then mark what the source has. */
    private void dirtyInit(Job job) {
        BlockNode src = source();
        if (s.zeroTarget()) {
            if (!NodeIo.canWriteZeroesWithUnmap(target.node())) {
                bitmap.set(0, bdevLength);
                return;
            }
            initialZeroing = true;
            long max = Integer.MAX_VALUE / s.granularity() * s.granularity();
            for (long off = 0; off < bdevLength; ) {
                long n = Math.min(bdevLength - off, max);
                perform(job, off, n, Method.ZERO);
                off += n;
            }
            initialZeroing = false;
        }
        BlockNode bottom = baseOverlay;
        for (long off = 0; off < bdevLength; ) {
            long n = Math.min(bdevLength - off, Integer.MAX_VALUE / s.granularity() * s.granularity());
            BlockStatus a = NodeIo.allocatedInChain(src, bottom, off, n);
            if (a.allocated()) bitmap.set(off, a.length());
            off += a.length();
        }
    }

    /** One pass of mirror_run's loop, up to its copying (which then goes on in {@link #op}). */
    private Next pass(Job job) {
        if (ret != null) return exit(job, ret, retMessage);
        if (job.isCancelled()) return exit(job, null, null);
        passCount = bitmap.count();
        job.progressRemaining(passCount);
        long delta = engine.clock().nanoTime() - lastPauseNs;
        if (delta < Job.SLICE_NANOS && job.ioStatus() == IoStatus.OK && passCount != 0) {
            startIteration();
            return op(job);
        }
        return passTail(job, 0);
    }

    /** The start of mirror_iteration: the next run of dirty chunks (at most the buffer's size), claimed at once. */
    private void startIteration() {
        long g = s.granularity();
        long offset = bitmap.nextDirty(dirtyCursor);
        if (offset < 0) offset = bitmap.nextDirty(0);
        long chunks = 1;
        while (chunks * g < bufSize) {
            long next = offset + chunks * g;
            if (next >= bdevLength || !bitmap.get(next)) break;
            chunks++;
        }
        bitmap.reset(offset, chunks * g);
        dirtyCursor = offset + chunks * g;
        iterOffset = offset;
        iterChunks = chunks;
        iterDelay = 0;
        phase = Phase.ITERATION;
    }

    /** One copy operation of the iteration: a chunk. */
    private Next op(Job job) {
        long g = s.granularity();
        if (iterChunks <= 0 || iterOffset >= bdevLength) {
            phase = Phase.PASS;
            return passTail(job, ret != null ? 0 : iterDelay);
        }
        long maxIo = Math.max(bufSize / MAX_IN_FLIGHT, MAX_IO_BYTES);
        BlockStatus st = NodeIo.statusAbove(source(), null, iterOffset, iterChunks * g);
        long ioBytes = st.data() ? Math.min(st.length(), maxIo) : st.length();
        Method method = Method.COPY;
        ioBytes -= ioBytes % g;
        if (ioBytes < g) {
            ioBytes = g;
        } else if (!st.data()) {
            long c = targetClusterSize;
            long start = iterOffset / c * c;
            long end = (iterOffset + ioBytes + c - 1) / c * c;
            if (start == iterOffset && end - start == ioBytes) method = st.zero() ? Method.ZERO : Method.DISCARD;
        }
        ioBytes = Math.min(ioBytes, bdevLength - iterOffset);
        ioBytes = perform(job, iterOffset, ioBytes, method);
        boolean zeroesFree = method != Method.COPY && NodeIo.canWriteZeroesWithUnmap(target.node());
        iterOffset += ioBytes;
        iterChunks -= (ioBytes + g - 1) / g;
        iterDelay = job.rateLimitDelay(zeroesFree ? 0 : ioBytes);
        job.chunkDone();
        // QEMU issues an iteration's operations together: one failing does not stop the others.
        if (iterChunks > 0 && iterOffset < bdevLength) return Next.CONTINUE_WITHOUT_PAUSE;
        phase = Phase.PASS;
        return passTail(job, ret != null ? 0 : iterDelay);
    }

    /** What the loop does after copying: in sync? then ready; complete when asked; sleep. */
    private Next passTail(Job job, long delay) {
        long cnt = passCount;
        boolean complete = false;
        if (cnt == 0) {
            if (!job.isReady()) {
                if (flush(job) != null) return Next.CONTINUE;
                job.transitionToReady();
                if (s.writeBlocking()) activelySynced = true;
            }
            complete = shouldComplete || job.cancelRequested();
            cnt = bitmap.count();
        }
        if (cnt == 0 && complete) {
            Drains.begin(source());
            if (bitmap.count() > 0 || flush(job) != null) {
                Drains.end(source());
                return Next.CONTINUE;
            }
            return Next.done(); // in sync, drained: finish
        }
        if (job.isReady() && !complete) delay = cnt == 0 ? Job.SLICE_NANOS : 0;
        justSlept = true;
        return Next.sleep(delay);
    }

    /** The run ends; the source stays drained until the job's end is processed. */
    private Next exit(Job job, Errno err, String message) {
        Drains.begin(source());
        return err == null ? Next.done() : Next.failed(err, message);
    }

    private Errno flush(Job job) {
        IoResult r = target.flush();
        if (r.ok()) return null;
        if (errorAction(job, false, r.error()) == ErrorAction.REPORT) setRet(r.error());
        return r.error();
    }

    /** One copy operation (mirror_perform): returns the bytes it handled. */
    private long perform(Job job, long offset, long bytes, Method method) {
        switch (method) {
            case COPY -> {
                long n = Math.min(bufSize, bytes);
                ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(n));
                IoResult r = sourceEdge().read(offset, buf, ReqFlags.NONE);
                if (!r.ok()) {
                    bitmap.set(offset, n);
                    if (errorAction(job, true, r.error()) == ErrorAction.REPORT) setRet(r.error());
                    return n;
                }
                buf.flip();
                done(job, offset, n, target.write(offset, buf, ReqFlags.NONE));
                return n;
            }
            case ZERO -> {
                done(job, offset, bytes, target.writeZeroes(offset, bytes, ReqFlags.NONE.withMayUnmap(s.unmap())));
                return bytes;
            }
            case DISCARD -> {
                done(job, offset, bytes, target.discard(offset, bytes));
                return bytes;
            }
        }
        throw new IllegalStateException(method.name());
    }

    /** mirror_write_complete and mirror_iteration_done. */
    private void done(Job job, long offset, long bytes, IoResult r) {
        if (!r.ok()) {
            bitmap.set(offset, bytes);
            if (errorAction(job, false, r.error()) == ErrorAction.REPORT) setRet(r.error());
            return;
        }
        if (!initialZeroing) job.progressDone(bytes);
    }

    private ErrorAction errorAction(Job job, boolean read, Errno err) {
        activelySynced = false;
        return job.errorAction(read ? s.onSourceError() : s.onTargetError(), read, err);
    }

    private void setRet(Errno e) {
        if (ret == null) ret = e;
    }

    // ---- write-blocking mode -------------------------------------------------------------

    /** Whether guest writes are written to the target too (copy-mode write-blocking). */
    boolean copiesWrites() {
        return job != null && s.writeBlocking() && ret == null && !job.isCancelled();
    }

    /**
     * QEMU's do_sync_target_write: a guest write that reached the source goes to the target
     * too; unaligned edges that are dirty anyway are left to the background copy.
     */
    void activeWrite(Method method, long offset, long bytes, ByteBuffer data, ReqFlags flags) {
        long g = s.granularity();
        long skip = 0;
        if (offset % g != 0 && bitmap.get(offset)) {
            skip = (offset + g - 1) / g * g - offset;
            if (bytes <= skip) return;
            offset += skip;
            bytes -= skip;
        }
        if ((offset + bytes) % g != 0 && bitmap.get(offset + bytes - 1)) {
            long tail = (offset + bytes) % g;
            if (bytes <= tail) return;
            bytes -= tail;
        }
        long from = (offset + g - 1) / g * g;
        long to = (offset + bytes) / g * g;
        if (from < to) bitmap.reset(from, to - from);
        job.progressIncreaseRemaining(bytes);
        IoResult r = switch (method) {
            case COPY -> target.write(offset, data.duplicate().position(data.position() + (int) skip)
                    .limit(data.position() + (int) (skip + bytes)).slice(), flags);
            case ZERO -> target.writeZeroes(offset, bytes, flags);
            case DISCARD -> target.discard(offset, bytes);
        };
        if (r.ok()) {
            job.progressDone(bytes);
        } else {
            long a = offset / g * g;
            long b = (offset + bytes + g - 1) / g * g;
            bitmap.set(a, b - a);
            if (errorAction(job, false, r.error()) == ErrorAction.REPORT) setRet(r.error());
        }
    }

    // ---- verbs -----------------------------------------------------------------------------

    @Override public boolean completable() { return true; }

    /** QEMU's mirror_complete: ready only; with {@code replaces}, that node is held until the switch. */
    @Override public void complete(Job job) throws BlockException {
        if (!job.isReady()) throw new BlockException("The active block job '" + job.id() + "' cannot be completed");
        if (s.replaces() != null) {
            BlockNode n = engine.graph().node(s.replaces());
            if (n == null) throw new BlockException("Node name '" + s.replaces() + "' not found");
            toReplace = n;
            replaceBlocker = new OpBlockers.Reason("block device is in use by block-job-complete");
            graphChange(tran -> engine.graph().blockAll(n, replaceBlocker, tran));
        }
        shouldComplete = true;
        if (job.status() != org.blockspec.engine.job.JobStatus.STANDBY
                && job.status() != org.blockspec.engine.job.JobStatus.PAUSED) {
            job.enter();
        }
    }

    /** Before ready, any cancel is a hard one (mirror_cancel, commit_active_cancel). */
    @Override public boolean cancel(Job job, boolean force) {
        return force || !job.isReady();
    }

    // ---- the end (mirror_exit_common) -----------------------------------------------------

    @Override public Errno prepare(Job job) {
        return exitCommon(job);
    }

    @Override public void abort(Job job) {
        exitCommon(job);
    }

    /**
     * Takes the job out of the graph. On success of a completed job every parent of the
     * source (or of {@code replaces}) moves to the target first; a drive-mirror target gets
     * its backing image. The filter goes last: its parents move back to its child.
     */
    private Errno exitCommon(Job job) {
        if (prepared) return null;
        prepared = true;
        boolean abort = job.error() != null;
        Graph graph = engine.graph();
        BlockNode src = source();
        BlockNode targetNode = target.node();
        Errno result = null;
        if (!frozenChain.isEmpty()) graph.unfreezeChain(frozenChain);
        src.dirtyBitmaps().remove(bitmap);
        graphChange(tran -> graph.removeBackend(target, tran));
        Drains.begin(mirrorTopNode);
        mirrorTop.stop();
        graphChange(tran -> PermissionRefresh.refresh(graph, List.of(mirrorTopNode), tran));
        if (!abort && s.backingMode() == BackingMode.SOURCE_BACKING_CHAIN) {
            BlockNode backing = s.noneMode() ? src : s.base();
            BlockNode unfiltered = Chains.skipFilters(targetNode);
            ChildEdge cow = unfiltered.backingChild();
            if ((cow == null ? null : cow.child()) != backing) {
                try {
                    org.blockspec.engine.graph.Overlays.setBacking(graph, unfiltered, backing);
                } catch (BlockException e) {
                    engine.error(e.getMessage());
                    result = Errno.EPERM;
                }
            }
        }
        if (!abort && s.backingMode() == BackingMode.OPEN_BACKING_CHAIN) {
            try {
                GraphChange.apply(graph, tran -> {
                    engine.opener().openNamedBacking(Chains.skipFilters(targetNode), tran);
                    return null;
                });
            } catch (BlockException e) {
                engine.error(e.getMessage());
            }
        }
        if (shouldComplete && !abort) {
            BlockNode replaced = toReplace != null ? toReplace : src;
            Drains.begin(targetNode);
            try {
                if (!canReplace(src, replaced)) {
                    throw new BlockException("Can no longer replace '" + replaced.name() + "' by '" + targetNode.name()
                            + "', because it can no longer be guaranteed that doing so would not lead to an abrupt"
                            + " change of visible data");
                }
                GraphChange.apply(graph, tran -> {
                    graph.replaceNode(replaced, targetNode, tran);
                    PermissionRefresh.refresh(graph, List.of(targetNode, replaced), tran);
                    return null;
                });
            } catch (BlockException e) {
                engine.error(e.getMessage());
                result = Errno.EPERM;
            } finally {
                Drains.end(targetNode);
            }
        }
        if (toReplace != null) graphChange(tran -> engine.graph().unblockAll(toReplace, replaceBlocker, tran));
        // The filter's parents go back to its child; the job's edges go; the filter goes with them.
        graphChange(tran -> {
            graph.detachJob(job.graph(), tran);
            if (mirrorTopNode.refcount() > 0) { // still used by others than the job
                BlockNode below = mirrorTopNode.filteredOrBackingChild().child();
                graph.replaceNode(mirrorTopNode, below, tran);
                PermissionRefresh.refresh(graph, List.of(below), tran);
            }
        });
        mirrorTop.setJob(null);
        Drains.end(src);
        Drains.end(mirrorTopNode);
        return result;
    }

    @FunctionalInterface
    private interface Change {
        void run(org.blockspec.engine.graph.Transaction tran) throws BlockException;
    }

    /** A graph change the job's end cannot do without: a refusal here is an engine bug. */
    private void graphChange(Change c) {
        try {
            GraphChange.apply(engine.graph(), tran -> {
                c.run(tran);
                return null;
            });
        } catch (BlockException e) {
            engine.reportBug("mirror job end", e);
        }
    }

    /** QEMU's bdrv_recurse_can_replace: {@code replaced} is the source or a filter's way down to it. */
    static boolean canReplace(BlockNode src, BlockNode replaced) {
        for (BlockNode n = src; n != null; ) {
            if (n == replaced) return true;
            ChildEdge p = n.primaryChild();
            if (n.kind() != org.blockspec.engine.spi.DriverKind.FILTER || p == null || !p.role().isFiltered()) return false;
            n = p.child();
        }
        return false;
    }

    @Override public void free(Job job) {
        BlockNode src = source();
        if (src != null) src.dirtyBitmaps().remove(bitmap);
    }

}
