package org.blockspec.dsl.interop;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.FilterDriver;

/**
 * A filter for tests only ({@code test-crash}): it passes the first {@code persist-writes}
 * changes of its file through (writes, zero writes, discards, resizes) and silently drops
 * every later one, as a power cut after that write would. The writer above never notices.
 * {@link #COUNTED} tells how many changes the last node saw, to plan the cuts.
 */
public final class CrashTestDriver extends FilterDriver {
    static final AtomicLong COUNTED = new AtomicLong();
    /** Whether the last node dropped a change: after that, its writer works on a false picture. */
    static volatile boolean cut;

    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "test-crash"; }

        @Override public DriverKind kind() { return DriverKind.FILTER; }

        @Override public List<OptionField> options() {
            return List.of(OptionField.required("file", OptionType.NODE_REF),
                    OptionField.required("persist-writes", OptionType.INT));
        }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            return new CrashTestDriver(ctx.openChild("file", ChildRole.FILTERED_PRIMARY),
                    ctx.options().integer("persist-writes"));
        }
    }

    private final long persist;
    private long changes;

    private CrashTestDriver(org.blockspec.engine.spi.Child file, long persist) {
        super(file);
        this.persist = persist;
        COUNTED.set(0);
        cut = false;
    }

    /** Whether the next change still reaches the file. */
    private boolean persists() {
        COUNTED.set(++changes);
        if (changes > persist) cut = true;
        return changes <= persist;
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        if (persists()) return file.write(offset, src, flags);
        src.position(src.limit());
        return IoResult.OK;
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        return persists() ? file.writeZeroes(offset, length, flags) : IoResult.OK;
    }

    @Override public IoResult discard(long offset, long length) {
        return persists() ? file.discard(offset, length) : IoResult.OK;
    }

    @Override public void truncate(long length, boolean exact) throws BlockException {
        if (persists()) file.truncate(length, exact);
    }
}
