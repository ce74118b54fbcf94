package org.blockspec.drivers.nullco;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReopenPolicy;
import org.blockspec.engine.spi.ReqFlags;

/**
 * Protocol drivers {@code null-co} and {@code null-aio}: a device of a given size (1 GiB by
 * default) that forgets writes. Reads leave the buffer as it was unless {@code read-zeroes}
 * is set, as in QEMU. The two differ only in name, as QEMU's do for a synchronous engine.
 */
public final class NullCoDriver implements BlockDriver {
    static final long DEFAULT_SIZE = 1L << 30;

    record Options(String driver, long size, long latencyNs, boolean readZeroes, boolean named) {
    }

    public static class Factory implements BlockDriverFactory {
        @Override public String name() { return "null-co"; }

        @Override public ReopenPolicy reopenPolicy() { return ReopenPolicy.FIXED_OPTIONS; }

        @Override public DriverKind kind() { return DriverKind.PROTOCOL; }

        @Override public List<OptionField> options() {
            return List.of(
                    OptionField.optional("size", OptionType.INT),
                    OptionField.optional("latency-ns", OptionType.SIZE),
                    OptionField.optional("read-zeroes", OptionType.BOOL));
        }

        @Override public List<String> strongOptions() { return List.of("size", "read-zeroes"); }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            long size = ctx.options().optInteger("size").orElse(DEFAULT_SIZE);
            // QEMU 7.2 aborts on a negative size; we refuse it with the option parser's message.
            if (size < 0) throw new BlockException("Parameter 'size' expects a non-negative number below 2^64");
            // Only without strong options does the node have a plain name ("null-co://").
            boolean named = strongOptions().stream().noneMatch(ctx.options()::has);
            return new NullCoDriver(new Options(name(), size, ctx.options().optInteger("latency-ns").orElse(0),
                    ctx.options().bool("read-zeroes", false), named));
        }
    }

    /** {@code null-aio}: the same device under QEMU's other name. */
    public static final class AioFactory extends Factory {
        @Override public String name() { return "null-aio"; }
    }

    private final Options options;

    private NullCoDriver(Options options) {
        this.options = options;
    }

    @Override public long length() { return options.size(); }

    @Override public Boolean zeroesMayUnmap() { return Boolean.FALSE; }

    @Override public String exactFilename() { return options.named() ? options.driver() + "://" : null; }

    @Override public Capabilities capabilities() {
        return new Capabilities(1, 0, true, false, true, false);
    }

    @Override public Perms childPermissions(ChildPermRequest request) {
        throw new IllegalStateException(options.driver() + " has no children");
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        delay();
        if (options.readZeroes()) {
            while (dst.hasRemaining()) dst.put((byte) 0);
        } else {
            dst.position(dst.limit());
        }
        return IoResult.OK;
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        delay();
        src.position(src.limit());
        return IoResult.OK;
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        delay();
        return IoResult.OK;
    }

    @Override public BlockStatus blockStatus(long offset, long length) {
        return new BlockStatus(length, false, options.readZeroes(), true).at(offset, null);
    }

    @Override public long allocatedSize() { return 0; }

    @Override public boolean hasImageInfo() { return false; }

    private void delay() {
        if (options.latencyNs() > 0) LockSupport.parkNanos(options.latencyNs());
    }
}
