package org.blockspec.engine.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
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
 * A protocol driver for tests only ({@code test-memory}): bytes in memory, with declared
 * capabilities chosen by options (alignment, maximum transfer, native zero-write, discard,
 * FUA). It refuses, loudly, any request that breaks what it declared, and logs each one, so
 * tests can see what the engine's I/O path sent it.
 */
public final class MemoryTestDriver implements BlockDriver {
    /** Requests seen per node name, e.g. {@code write 0+4096 fua}. */
    public static final Map<String, List<String>> LOG = new ConcurrentHashMap<>();

    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "test-memory"; }

        @Override public ReopenPolicy reopenPolicy() { return ReopenPolicy.FIXED_OPTIONS; }

        @Override public DriverKind kind() { return DriverKind.PROTOCOL; }

        @Override public List<OptionField> options() {
            return List.of(OptionField.required("size", OptionType.INT),
                    OptionField.optional("align", OptionType.INT),
                    OptionField.optional("max-transfer", OptionType.INT),
                    OptionField.optional("zero-write", OptionType.BOOL),
                    OptionField.optional("can-discard", OptionType.BOOL),
                    OptionField.optional("fua", OptionType.BOOL));
        }

        @Override public BlockDriver open(OpenContext ctx) {
            var o = ctx.options();
            Capabilities caps = new Capabilities((int) o.optInteger("align").orElse(1),
                    o.optInteger("max-transfer").orElse(0), o.bool("zero-write", false), o.bool("can-discard", false),
                    o.bool("fua", false), false);
            List<String> log = new ArrayList<>();
            LOG.put(ctx.nodeName(), log);
            return new MemoryTestDriver(new byte[(int) o.integer("size")], caps, log);
        }
    }

    private final byte[] data;
    private final Capabilities caps;
    private final List<String> log;

    private MemoryTestDriver(byte[] data, Capabilities caps, List<String> log) {
        this.data = data;
        this.caps = caps;
        this.log = log;
    }

    @Override public long length() { return data.length; }

    @Override public Capabilities capabilities() { return caps; }

    @Override public Perms childPermissions(ChildPermRequest request) {
        throw new IllegalStateException("no children");
    }

    private void check(String op, long offset, long length, ReqFlags flags) {
        if (offset % caps.requestAlignment() != 0 || length % caps.requestAlignment() != 0) {
            throw new AssertionError(op + " " + offset + "+" + length + " not aligned to " + caps.requestAlignment());
        }
        if (caps.maxTransfer() > 0 && length > caps.maxTransfer()) {
            throw new AssertionError(op + " of " + length + " exceeds max transfer " + caps.maxTransfer());
        }
        if (flags.fua() && !caps.fua()) throw new AssertionError(op + " with FUA, which was not declared");
        log.add(op + " " + offset + "+" + length + (flags.fua() ? " fua" : ""));
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        check("read", offset, dst.remaining(), flags);
        dst.put(data, (int) offset, dst.remaining());
        return IoResult.OK;
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        check("write", offset, src.remaining(), flags);
        src.get(data, (int) offset, src.remaining());
        return IoResult.OK;
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        if (!caps.zeroWrite()) throw new AssertionError("write-zeroes was not declared");
        check("zero", offset, length, flags);
        java.util.Arrays.fill(data, (int) offset, (int) (offset + length), (byte) 0);
        return IoResult.OK;
    }

    @Override public IoResult discard(long offset, long length) {
        if (!caps.discard()) throw new AssertionError("discard was not declared");
        check("discard", offset, length, ReqFlags.NONE);
        return IoResult.OK;
    }

    @Override public IoResult flush() {
        log.add("flush");
        return IoResult.OK;
    }

    @Override public boolean hasImageInfo() { return false; }
}
