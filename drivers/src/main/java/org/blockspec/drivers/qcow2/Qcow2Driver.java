package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.blockspec.engine.spi.BackingFile;
import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.CheckMode;
import org.blockspec.engine.spi.CheckReport;
import org.blockspec.engine.spi.CheckResult;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.CreateOption;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.FormatInfo;
import org.blockspec.engine.spi.ImageCreation;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.Reopen;
import org.blockspec.engine.spi.ReopenPolicy;
import org.blockspec.engine.spi.ReopenRequest;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.DefaultPerms;

/**
 * Format driver {@code qcow2} (versions 2 and 3): the image format QEMU uses for backing
 * chains and snapshots. Its child {@code file} holds data and metadata; {@code backing},
 * when present, supplies what this layer has not allocated. Requests are serialised on one
 * lock, as QEMU's qcow2 serialises metadata changes; failures of the layer below fail the
 * request, and metadata found impossible marks the image corrupt (fatal when writable) and
 * makes the node refuse all further I/O.
 */
public final class Qcow2Driver implements BlockDriver {
    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "qcow2"; }

        @Override public DriverKind kind() { return DriverKind.FORMAT; }

        @Override public List<OptionField> options() { return Qcow2Options.schema(); }

        @Override public boolean canCompress() { return true; }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException { return Qcow2Driver.open(ctx); }

        /** What QEMU's qcow2_update_options lets a reopen change. */
        @Override public ReopenPolicy reopenPolicy() {
            return ReopenPolicy.changing("lazy-refcounts", "pass-discard-request", "pass-discard-snapshot",
                    "pass-discard-other", "overlap-check", "cache-size", "l2-cache-size", "l2-cache-entry-size",
                    "refcount-cache-size", "cache-clean-interval");
        }

        @Override public int probe(ByteBuffer head, String filename) {
            return head.remaining() >= Qcow2Header.V3_LENGTH && head.getInt(0) == Qcow2Header.MAGIC
                    && Integer.toUnsignedLong(head.getInt(4)) >= 2 ? 100 : 0;
        }

        @Override public List<CreateOption> createOptions() { return Qcow2Create.OPTIONS; }

        @Override public void create(ImageCreation creation) throws BlockException { Qcow2Create.create(creation); }
    }

    /** Where corruption found during I/O is reported (QEMU's BLOCK_IMAGE_CORRUPTED and error_report). */
    interface CorruptionSink {
        void report(String message, long offset, long size, boolean fatal);

        CorruptionSink NONE = (m, o, s, f) -> { };
    }

    private final Qcow2Image img;
    private final Qcow2Io io;
    private final CorruptionSink corruption;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean broken;
    /** discard=unmap on the node: the default of pass-discard-request, for a reopen's options too. */
    private boolean unmap;
    private boolean corruptionReported;
    /** QEMU's error_report: where a failed write-back on close or reopen is told. */
    private final Consumer<String> errors;

    Qcow2Driver(Qcow2Image img, CorruptionSink corruption, Consumer<String> errors) {
        this.img = img;
        this.io = new Qcow2Io(img);
        this.corruption = corruption;
        this.errors = errors;
    }

    static Qcow2Driver open(OpenContext ctx) throws BlockException {
        Child file = ctx.openChild("file", ChildRole.IMAGE);
        boolean writable = !ctx.readOnly();
        Qcow2Image img = load(file, ctx.options(), new Qcow2Header.OpenMode(writable, ctx.forCheck()), ctx.forCheck(),
                ctx.discardUnmap());
        Optional<Child> dataFile = ctx.openOptionalChild("data-file", ChildRole.DATA_ONLY);
        if (dataFile.isPresent()) {
            throw new BlockException("'data-file' can only be set for images with an external data file");
        }
        CorruptionSink sink = (message, offset, size, fatal) -> {
            ctx.error(fatal ? "qcow2: Marking image as corrupt: " + message
                    + "; further corruption events will be suppressed"
                    : "qcow2: Image is corrupt: " + message + "; further non-fatal corruption events will be suppressed");
            ctx.imageCorrupted(message, offset, size, fatal);
        };
        Qcow2Driver d = new Qcow2Driver(img, sink, ctx::errorReport);
        d.unmap = ctx.discardUnmap();
        d.clearUnknownAutoclear();
        if (writable && !ctx.forCheck() && img.header().dirty()) d.repairDirty(ctx::error);
        Qcow2Header h = img.header();
        BackingFile named = h.backingFile() == null ? null : new BackingFile(h.backingFile(), h.backingFormat());
        img.backing = ctx.openBacking(named).orElse(null);
        return d;
    }

    /** Reads and validates everything an open needs, in QEMU's order of checks. */
    static Qcow2Image load(Child file, org.blockspec.engine.spi.OptionValues options, Qcow2Header.OpenMode mode,
                           boolean forCheck, boolean unmap) throws BlockException {
        ByteBuffer head = readHeader(file, 512);
        long bits = Integer.toUnsignedLong(head.getInt(20));
        if (head.getInt(0) == Qcow2Header.MAGIC && bits >= Geometry.MIN_CLUSTER_BITS && bits <= Geometry.MAX_CLUSTER_BITS) {
            head = readHeader(file, 1 << bits);
        }
        Qcow2Header h = Qcow2Header.parse(head, mode);
        long[] l1;
        try {
            l1 = ClusterMap.readL1(file, h.l1TableOffset(), h.l1Size());
        } catch (IoFailure e) {
            throw new BlockException("Could not read L1 table: " + e.errno.text());
        }
        Qcow2Options o = Qcow2Options.parse(options, h, unmap);
        long[] reftable;
        try {
            reftable = Refcounts.readTable(file, h.refcountTableOffset(), h.refcountTableClusters(), h.geometry());
        } catch (IoFailure e) {
            throw new BlockException("Could not initialize refcount handling: " + e.errno.text());
        }
        h = h.parseExtensions(head);
        Snapshots.Table snapshots = forCheck ? Snapshots.NONE : Snapshots.read(file, h);
        return new Qcow2Image(file, h, o, mode.readWrite(), snapshots, l1, reftable);
    }

    private static ByteBuffer readHeader(Child file, int bytes) throws BlockException {
        ByteBuffer b = ByteBuffer.allocate(bytes);
        IoResult r = file.read(0, b.duplicate());
        if (!r.ok()) throw new BlockException("Could not read qcow2 header: " + r.error().text());
        return b;
    }

    /**
     * blockspec knows no autoclear feature (bitmaps, raw external data); as the specification
     * asks, a writer clears those bits first, and drops the bitmaps extension they vouched for.
     */
    private void clearUnknownAutoclear() throws BlockException {
        Qcow2Header h = img.header();
        if (!img.writable || h.autoclear() == 0) return;
        List<Qcow2Header.Extension> kept = h.otherExtensions().stream()
                .filter(e -> e.type() != Qcow2Header.BITMAPS_TYPE).toList();
        try {
            img.writeHeader(h.withAutoclear(0, kept));
        } catch (IoFailure e) {
            throw new BlockException("Could not update qcow2 header: " + e.errno.text());
        }
    }

    private void repairDirty(CheckReport report) throws BlockException {
        CheckResult r;
        try {
            r = new Qcow2Check(img, report).run(CheckMode.ALL);
        } catch (BlockException e) {
            throw new BlockException("Could not repair dirty image: " + e.getMessage());
        }
        if (r.checkErrors() > 0) throw new BlockException("Could not repair dirty image: " + Errno.EIO.text());
    }

    /** Runs {@code op} under the lock, turning failures into the errno the request gets. */
    private IoResult guarded(Op op) {
        lock.lock();
        try {
            if (broken) return IoResult.fail(Errno.ENOMEDIUM);
            op.run();
            return IoResult.OK;
        } catch (IoFailure e) {
            return IoResult.fail(e.errno);
        } catch (Corruption c) {
            signal(c);
            return IoResult.fail(Errno.EIO);
        } finally {
            lock.unlock();
        }
    }

    private interface Op {
        void run() throws IoFailure, Corruption;
    }

    /** QEMU's qcow2_signal_corruption: fatal on writable images, which are marked corrupt. */
    private void signal(Corruption c) {
        boolean fatal = img.writable;
        if (corruptionReported && (!fatal || img.header().corrupt())) return;
        corruptionReported = true;
        corruption.report(c.getMessage(), c.offset, c.size, fatal);
        if (fatal) {
            broken = true;
            try {
                img.markCorrupt();
            } catch (IoFailure e) {
                // The image stays unusable through this node either way.
            }
        }
    }

    @Override public long length() { return img.size(); }

    /** Zero clusters (v3) let a write-zeroes deallocate. */
    @Override public Boolean zeroesMayUnmap() { return img.header().version() >= 3; }

    @Override public Capabilities capabilities() {
        return new Capabilities(1, 0, true, true, false, true);
    }

    @Override public Perms childPermissions(ChildPermRequest request) { return DefaultPerms.forRole(request); }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        return guarded(() -> io.read(offset, dst));
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        return guarded(() -> io.write(offset, src));
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        return guarded(() -> io.writeZeroes(offset, length, flags.mayUnmap()));
    }

    @Override public IoResult discard(long offset, long length) {
        return guarded(() -> io.discard(offset, length));
    }

    @Override public boolean supportsCompressedWrites() { return true; }

    @Override public IoResult writeCompressed(long offset, ByteBuffer src) {
        return guarded(() -> io.writeCompressed(offset, src));
    }

    @Override public IoResult flush() {
        if (!img.writable) return IoResult.OK;
        return guarded(img::flushCaches);
    }

    @Override public BlockStatus blockStatus(long offset, long length) {
        lock.lock();
        try {
            return io.status(offset, length);
        } catch (IoFailure e) {
            return BlockStatus.data(length);
        } catch (Corruption c) {
            signal(c);
            return BlockStatus.data(length);
        } finally {
            lock.unlock();
        }
    }

    @Override public void truncate(long length, boolean exact) throws BlockException {
        lock.lock();
        try {
            if (broken) throw new BlockException(Errno.ENOMEDIUM.text());
            new Qcow2Resize(img, io).resize(length);
        } finally {
            lock.unlock();
        }
    }

    @Override public FormatInfo formatInfo() {
        Qcow2Header h = img.header();
        Map<String, Object> specific = new LinkedHashMap<>();
        specific.put("compat", h.version() >= 3 ? "1.1" : "0.10");
        if (h.version() >= 3) {
            specific.put("extended-l2", false);
            specific.put("lazy-refcounts", h.lazyRefcounts());
            specific.put("corrupt", h.corrupt());
        }
        specific.put("refcount-bits", h.geometry().refcountBits());
        specific.put("compression-type", "zlib");
        BackingFile backing = h.backingFile() == null ? null : new BackingFile(h.backingFile(), h.backingFormat());
        long vmState = img.g.l1EntriesFor(length()) * img.g.l2Coverage(); // QEMU's l1_vm_state_index, in bytes
        return new FormatInfo(img.g.clusterSize(), h.dirty(), vmState, "qcow2", specific, backing);
    }

    @Override public boolean supportsCheck() { return true; }

    @Override public CheckResult check(CheckMode mode, CheckReport report) throws BlockException {
        lock.lock();
        try {
            return new Qcow2Check(img, report).run(mode);
        } finally {
            lock.unlock();
        }
    }

    @Override public void changeBackingFile(String filename, String format) throws BlockException {
        lock.lock();
        try {
            if (filename != null && filename.length() > 1023) throw new BlockException(Errno.EINVAL.text());
            img.writeHeader(img.header().withBacking(filename, filename == null ? null : format));
            img.file.flush();
        } catch (IoFailure e) {
            throw new BlockException(e.errno.text());
        } finally {
            lock.unlock();
        }
    }

    @Override public void makeEmpty() throws BlockException {
        lock.lock();
        try {
            new EmptyImage(img, io).empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * New options, or a new access mode. Going read-only writes everything back and leaves
     * the image clean first, as a close would, so the read-only node never needs to write.
     */
    @Override public Reopen prepareReopen(ReopenRequest request) throws BlockException {
        Qcow2Options next = Qcow2Options.parse(request.options(), img.header(), unmap);
        boolean writable = !request.readOnly();
        lock.lock();
        try {
            if (img.writable && !writable && !broken && !inactivate()) throw new BlockException(Errno.EIO.text());
        } finally {
            lock.unlock();
        }
        return new Reopen() {
            @Override public void commit() {
                img.options = next;
                img.writable = writable;
            }

            @Override public void abort() { }
        };
    }

    /** blockdev-snapshot or blockdev-reopen gave the image another backing node, or none. */
    @Override public void backingChanged(Child backing) {
        img.backing = backing;
    }

    /** Everything on disk and, with lazy refcounts, the dirty bit cleared, as a clean close leaves it. */
    @Override public void prepareClose() {
        lock.lock();
        try {
            if (!img.writable || broken) return;
            img.flushCaches();
            if (img.options.lazyRefcounts()) img.markClean();
        } catch (IoFailure e) {
            // Told by close, which tries again.
        } finally {
            lock.unlock();
        }
    }

    /** Writes back cached metadata and, with lazy refcounts, clears the dirty bit (a clean close). */
    @Override public void close() {
        lock.lock();
        try {
            if (img.writable && !broken) inactivate();
        } finally {
            lock.unlock();
        }
    }

    /**
     * QEMU's qcow2_inactivate: both caches written back (failures told in QEMU's words; the
     * dirty bit, if set, then makes the next open repair), the image left clean if they were.
     */
    private boolean inactivate() {
        boolean ok = true;
        try {
            img.map.cache().flush();
        } catch (IoFailure e) {
            ok = false;
            errors.accept("Failed to flush the L2 table cache: " + e.errno.text());
        }
        try {
            img.refcounts.cache().flush();
        } catch (IoFailure e) {
            ok = false;
            errors.accept("Failed to flush the refcount block cache: " + e.errno.text());
        }
        if (ok) {
            try {
                img.markClean();
            } catch (IoFailure e) {
                ok = false;
            }
        }
        return ok;
    }
}
