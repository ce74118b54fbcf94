package org.blockspec.drivers.file;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.CreateOption;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.ImageCreation;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.PermissionUpdate;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.Reopen;
import org.blockspec.engine.spi.ReopenPolicy;
import org.blockspec.engine.spi.ReopenRequest;
import org.blockspec.engine.spi.ReqFlags;

/**
 * Protocol driver {@code file}: a regular host file, read and written with positional I/O
 * on one descriptor. Reads past the end of the file return zeroes, as QEMU's do; writes past
 * it grow the file. With {@code cache.direct=on} the file is opened O_DIRECT: requests must
 * then be aligned (the engine aligns them) and go through an aligned native bounce buffer.
 * The node's permissions are published as OFD locks on the same descriptor ({@link ImageLock})
 * unless {@code locking=off}, or {@code locking=auto} on a file system without OFD locks.
 */
public final class FileDriver implements BlockDriver {
    /** Options as given, validated at open. */
    record Options(String filename, Locking locking, String aio, boolean direct) {
        static Options from(OptionValues v, boolean direct) {
            return new Options(v.string("filename"), Locking.valueOf(v.enumValue("locking", "auto").toUpperCase()),
                    v.enumValue("aio", "threads"), direct);
        }
    }

    public static final class Factory implements BlockDriverFactory {
        private final ByteLocks locks;

        public Factory() {
            this(ByteLocks.OFD);
        }

        /** A file driver whose lock calls go through {@code locks} (tests make them fail). */
        Factory(ByteLocks locks) {
            this.locks = locks;
        }

        @Override public String name() { return "file"; }

        @Override public DriverKind kind() { return DriverKind.PROTOCOL; }

        @Override public List<OptionField> options() {
            return List.of(
                    OptionField.required("filename", OptionType.STR),
                    OptionField.optional("pr-manager", OptionType.STR),
                    OptionField.optional("locking", OptionType.enumOf("OnOffAuto", "auto", "on", "off")),
                    OptionField.optional("aio", OptionType.enumOf("BlockdevAioOptions", "threads", "native", "io_uring")),
                    OptionField.optional("aio-max-batch", OptionType.INT),
                    OptionField.optional("drop-cache", OptionType.BOOL),
                    OptionField.optional("x-check-cache-dropped", OptionType.BOOL));
        }

        @Override public List<String> strongOptions() { return List.of("filename"); }

        @Override public ReopenPolicy reopenPolicy() { return ReopenPolicy.changing("drop-cache", "x-check-cache-dropped"); }

        @Override public List<CreateOption> createOptions() {
            return List.of(
                    new CreateOption("size", OptionType.SIZE, "Virtual disk size", null),
                    new CreateOption("preallocation", OptionType.STR,
                            "Preallocation mode (allowed values: off, falloc, full)", null),
                    new CreateOption("nocow", OptionType.BOOL, "Turn off copy-on-write (valid only on btrfs)", null),
                    new CreateOption("extent_size_hint", OptionType.SIZE,
                            "Extent size hint for the image file, 0 to disable", null));
        }

        @Override public void create(ImageCreation creation) throws BlockException {
            FileCreate.create(creation.filename(), creation.size(),
                    creation.options().optString("preallocation").orElse("off"));
        }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            Options o = Options.from(ctx.options(), ctx.cacheDirect());
            if (ctx.options().has("pr-manager")) {
                throw new BlockException("Persistent reservation managers are not supported by blockspec");
            }
            if (o.aio().equals("native") && !o.direct()) {
                throw new BlockException("aio=native was specified, but it requires cache.direct=on, "
                        + "which was not specified.");
            }
            return FileDriver.open(o, ctx.readOnly(), locks, ctx::warn);
        }
    }

    private Options options;
    private int fd;
    private boolean readOnly;
    private DirectBuffer direct;
    /** Null when the image is not locked (locking=off, or no OFD locks on its file system). */
    private final ImageLock lock;
    private long size;
    private boolean closed;

    private FileDriver(Options options, int fd, boolean readOnly, long size, DirectBuffer direct, ImageLock lock) {
        this.options = options;
        this.fd = fd;
        this.readOnly = readOnly;
        this.size = size;
        this.direct = direct;
        this.lock = lock;
    }

    static FileDriver open(Options o, boolean readOnly, ByteLocks locks, Consumer<String> warn) throws BlockException {
        String path = o.filename();
        int fd = openDescriptor(path, readOnly, o.direct());
        try {
            Posix.Stat st = Posix.fstat(fd);
            if (!st.regular()) {
                throw new BlockException("'file' driver requires '" + path + "' to be a regular file");
            }
            ImageLock lock = o.locking().lockFor(fd, path, locks, warn);
            return new FileDriver(o, fd, readOnly, st.size(), o.direct() ? DirectBuffer.probe(fd) : null, lock);
        } catch (Posix.PosixError e) {
            Posix.close(fd);
            throw new BlockException("Could not open '" + path + "': " + Errno.of(e.errno).text());
        } catch (BlockException e) {
            Posix.close(fd);
            throw e;
        }
    }

    private static int openDescriptor(String path, boolean readOnly, boolean direct) throws BlockException {
        int flags = (readOnly ? Posix.O_RDONLY : Posix.O_RDWR) | (direct ? Posix.O_DIRECT : 0);
        int fd = Posix.open(path, flags);
        if (fd < 0) throw new BlockException("Could not open '" + path + "': " + Errno.of(-fd).text());
        return fd;
    }

    /**
     * A new access mode or cache mode needs a new descriptor, as in QEMU's file-posix: it is
     * opened now and takes over, with the image locks, when the reopen commits.
     */
    @Override public Reopen prepareReopen(ReopenRequest request) throws BlockException {
        if (request.readOnly() == readOnly && request.cacheDirect() == options.direct()) return Reopen.NOTHING;
        Options next = new Options(options.filename(), options.locking(), options.aio(), request.cacheDirect());
        int newFd = openDescriptor(next.filename(), request.readOnly(), next.direct());
        DirectBuffer newDirect;
        try {
            newDirect = next.direct() ? DirectBuffer.probe(newFd) : null;
        } catch (RuntimeException e) {
            Posix.close(newFd);
            throw e;
        }
        return new Reopen() {
            @Override public void commit() {
                if (lock != null) lock.moveTo(newFd);
                Posix.close(fd);
                if (direct != null) direct.close();
                fd = newFd;
                direct = newDirect;
                options = next;
                readOnly = request.readOnly();
            }

            @Override public void abort() {
                if (newDirect != null) newDirect.close();
                Posix.close(newFd);
            }
        };
    }

    @Override public long length() { return size; }

    /** file-posix: write-zeroes may punch holes. */
    @Override public Boolean zeroesMayUnmap() { return Boolean.TRUE; }

    @Override public Capabilities capabilities() {
        return direct == null ? new Capabilities(1, 0, true, true, false, true)
                : new Capabilities(direct.alignment(), DirectBuffer.MAX, true, true, false, true);
    }

    @Override public Perms childPermissions(ChildPermRequest request) {
        throw new IllegalStateException("the file driver has no children");
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        if (direct != null) return direct.read(this::readBuffered, offset, dst);
        return readBuffered(offset, dst);
    }

    private IoResult readBuffered(long offset, ByteBuffer dst) {
        ByteBuffer b = dst.duplicate();
        while (b.hasRemaining()) {
            long n = Posix.pread(fd, b, offset);
            if (n < 0) {
                if (-n == Errno.EAGAIN.code()) continue;
                return IoResult.fail(Errno.of((int) -n));
            }
            if (n == 0) break; // end of file: the rest reads as zeroes
            b.position(b.position() + (int) n);
            offset += n;
        }
        while (b.hasRemaining()) b.put((byte) 0);
        dst.position(dst.limit());
        return IoResult.OK;
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        if (direct != null) return direct.write(this::writeBuffered, offset, src);
        return writeBuffered(offset, src);
    }

    private IoResult writeBuffered(long offset, ByteBuffer src) {
        ByteBuffer b = src.duplicate();
        long end = offset + b.remaining();
        while (b.hasRemaining()) {
            long n = Posix.pwrite(fd, b, offset);
            if (n < 0) {
                if (-n == Errno.EAGAIN.code()) continue;
                return IoResult.fail(Errno.of((int) -n));
            }
            b.position(b.position() + (int) n);
            offset += n;
        }
        src.position(src.limit());
        if (end > size) size = end;
        return IoResult.OK;
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        long end = offset + length;
        int r;
        if (flags.mayUnmap() && end <= size) {
            r = Posix.fallocate(fd, Posix.FALLOC_FL_PUNCH_HOLE | Posix.FALLOC_FL_KEEP_SIZE, offset, length);
        } else {
            r = Posix.fallocate(fd, Posix.FALLOC_FL_ZERO_RANGE, offset, length);
        }
        // Any refusal of fallocate (unsupported mode, file system) lets the engine write zeroes instead.
        if (r < 0) return IoResult.fail(Errno.ENOTSUP);
        if (end > size) size = end;
        return IoResult.OK;
    }

    @Override public IoResult discard(long offset, long length) {
        long len = Math.min(length, Math.max(0, size - offset));
        if (len <= 0) return IoResult.OK;
        int r = Posix.fallocate(fd, Posix.FALLOC_FL_PUNCH_HOLE | Posix.FALLOC_FL_KEEP_SIZE, offset, len);
        return r < 0 ? IoResult.fail(Errno.ENOTSUP) : IoResult.OK;
    }

    @Override public IoResult flush() {
        int r = Posix.fdatasync(fd);
        return r < 0 ? IoResult.fail(Errno.of(-r)) : IoResult.OK;
    }

    @Override public void truncate(long length, boolean exact) throws BlockException {
        int r = Posix.ftruncate(fd, length);
        if (r < 0) throw new BlockException("Failed to resize the file: " + Errno.of(-r).text());
        size = length;
    }

    /**
     * Data and holes as the host file system reports them (SEEK_DATA / SEEK_HOLE), each at
     * its own offset in this file.
     */
    @Override public BlockStatus blockStatus(long offset, long length) {
        return extent(offset, length).at(offset, null);
    }

    private BlockStatus extent(long offset, long length) {
        if (offset >= size) return BlockStatus.hole(length);
        long data = Posix.lseek(fd, offset, Posix.SEEK_DATA);
        if (data < 0) {
            // ENXIO: no data after offset; anything else: we cannot tell, so call it data.
            return -data == 6 ? BlockStatus.hole(length) : BlockStatus.data(length);
        }
        if (data > offset) return BlockStatus.hole(Math.min(length, data - offset));
        long hole = Posix.lseek(fd, offset, Posix.SEEK_HOLE);
        if (hole < 0 || hole <= offset) return BlockStatus.data(length);
        return BlockStatus.data(Math.min(length, hole - offset));
    }

    @Override public PermissionUpdate preparePermissions(Perms cumulative) throws BlockException {
        return lock == null ? PermissionUpdate.NONE : lock.prepare(cumulative);
    }

    @Override public String exactFilename() { return options.filename(); }

    @Override public long allocatedSize() {
        try {
            return Posix.fstat(fd).allocated();
        } catch (Posix.PosixError e) {
            return -1;
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        if (lock != null) lock.release(); // closing the descriptor drops its locks
        Posix.close(fd);
        if (direct != null) direct.close();
    }
}
