package org.blockspec.drivers.raw;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.CreateOption;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.ImageCreation;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.Reopen;
import org.blockspec.engine.spi.ReopenPolicy;
import org.blockspec.engine.spi.ReopenRequest;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.DefaultPerms;

/**
 * Format driver {@code raw}: the guest sees the child's bytes, optionally only a window of
 * them ({@code offset}, {@code size}). Without a window it behaves like a filter; with one
 * its child holds data (so others may not resize it) and writes past the window fail with
 * ENOSPC.
 */
public final class RawDriver implements BlockDriver {
    record Options(long offset, Long size) {
        boolean windowed() { return offset != 0 || size != null; }
    }

    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "raw"; }

        @Override public boolean variableLength() { return true; }

        @Override public DriverKind kind() { return DriverKind.FORMAT; }

        @Override public List<OptionField> options() {
            return List.of(
                    OptionField.required("file", OptionType.NODE_REF),
                    OptionField.optional("offset", OptionType.INT),
                    OptionField.optional("size", OptionType.INT));
        }

        @Override public List<String> strongOptions() { return List.of("offset", "size"); }

        /** Anything could be raw: the lowest rating, chosen when nothing else claims the image. */
        @Override public int probe(ByteBuffer head, String filename) { return 1; }

        @Override public List<CreateOption> createOptions() {
            return List.of(new CreateOption("size", OptionType.SIZE, "Virtual disk size", null));
        }

        /** A raw image is its file: the protocol creates it at the full size. */
        @Override public void create(ImageCreation creation) throws BlockException {
            creation.createFile(creation.size());
        }

        @Override public ReopenPolicy reopenPolicy() { return ReopenPolicy.changing("offset", "size"); }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            Options o = window(ctx.options());
            Child file = ctx.openChild("file", o.windowed() ? ChildRole.DATA_PRIMARY : ChildRole.FILTERED_PRIMARY);
            check(o, file.length());
            return new RawDriver(o, file);
        }

        private static Options window(OptionValues v) throws BlockException {
            long offset = nonNegative(v.optInteger("offset").orElse(0), "offset");
            Long size = v.has("size") ? nonNegative(v.integer("size"), "size") : null;
            return new Options(offset, size);
        }

        /** The window must lie inside the child, in whole sectors (QEMU's raw_apply_options). */
        private static void check(Options o, long real) throws BlockException {
            long offset = o.offset();
            Long size = o.size();
            if (offset > real) {
                throw new BlockException("Offset (" + offset + ") cannot be greater than size of the containing file ("
                        + real + ")");
            }
            if (size != null && real - offset < size) {
                throw new BlockException("The sum of offset (" + offset + ") and size (" + size
                        + ") has to be smaller or equal to the  actual size of the containing file (" + real + ")");
            }
            if (size != null && size % 512 != 0) throw new BlockException("Specified size is not multiple of 512");
        }

        private static long nonNegative(long v, String name) throws BlockException {
            if (v < 0) throw new BlockException("Parameter '" + name + "' expects a non-negative number below 2^64");
            return v;
        }
    }

    private Options options;
    private final Child file;

    private RawDriver(Options options, Child file) {
        this.options = options;
        this.file = file;
    }

    /** A new window over the same child; omitted offset and size return to none. */
    @Override public Reopen prepareReopen(ReopenRequest request) throws BlockException {
        Options next = Factory.window(request.options());
        Factory.check(next, file.length());
        return new Reopen() {
            @Override public void commit() { options = next; }

            @Override public void abort() { }
        };
    }

    @Override public boolean imageInfoFromFile() { return true; }

    @Override public long length() {
        return options.size() != null ? options.size() : Math.max(0, file.length() - options.offset());
    }

    @Override public Capabilities capabilities() { return Capabilities.PASSTHROUGH; }

    /** The default rule, but write and resize only when a parent asked for them. */
    @Override public Perms childPermissions(ChildPermRequest r) {
        Perms p = DefaultPerms.forRole(r);
        var perm = p.perm();
        if (!r.parents().perm().has(Perm.WRITE)) perm = perm.minus(Perm.WRITE);
        if (!r.parents().perm().has(Perm.RESIZE)) perm = perm.minus(Perm.RESIZE);
        return p.withPerm(perm);
    }

    /** Why a request leaves the window (ENOSPC for writes, EINVAL for reads), or null if it fits. */
    private Errno outside(long offset, long length, boolean write) {
        if (options.size() != null && (offset > options.size() || length > options.size() - offset)) {
            return write ? Errno.ENOSPC : Errno.EINVAL;
        }
        return null;
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        Errno e = outside(offset, dst.remaining(), false);
        return e != null ? IoResult.fail(e) : file.read(offset + options.offset(), dst, flags);
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        Errno e = outside(offset, src.remaining(), true);
        return e != null ? IoResult.fail(e) : file.write(offset + options.offset(), src, flags);
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        Errno e = outside(offset, length, true);
        return e != null ? IoResult.fail(e) : file.writeZeroes(offset + options.offset(), length, flags);
    }

    @Override public IoResult discard(long offset, long length) {
        Errno e = outside(offset, length, true);
        return e != null ? IoResult.fail(e) : file.discard(offset + options.offset(), length);
    }

    @Override public IoResult flush() { return file.flush(); }

    @Override public void truncate(long length, boolean exact) throws BlockException {
        if (options.size() != null) throw new BlockException("Cannot resize fixed-size raw disks");
        file.truncate(length + options.offset(), exact);
    }

    @Override public BlockStatus blockStatus(long offset, long length) {
        return file.blockStatus(offset + options.offset(), length);
    }
}
