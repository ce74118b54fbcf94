package org.blockspec.drivers.cor;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.DefaultPerms;
import org.blockspec.engine.spi.support.FilterDriver;

/**
 * Filter driver {@code copy-on-read}: what a read finds in a backing image, not in the node
 * below the filter, is written into that node (as an unchanged write) so the next read finds
 * it there. Hence its edge always takes write-unchanged, even with no users.
 */
public final class CopyOnReadDriver extends FilterDriver {
    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "copy-on-read"; }

        @Override public boolean variableLength() { return true; }

        @Override public DriverKind kind() { return DriverKind.FILTER; }

        @Override public List<OptionField> options() {
            return List.of(OptionField.required("file", OptionType.NODE_REF), OptionField.optional("bottom", OptionType.STR));
        }

        @Override public List<String> strongOptions() { return List.of("bottom"); }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            Child file = ctx.openChild("file", ChildRole.FILTERED_PRIMARY);
            String bottom = ctx.options().optString("bottom").orElse(null);
            if (bottom != null) ctx.freezeChainTo(bottom);
            return new CopyOnReadDriver(file, bottom);
        }
    }

    /** Node whose data (and that of the images above it) is copied; null: everything below. */
    private final String bottom;

    private CopyOnReadDriver(Child file, String bottom) {
        super(file);
        this.bottom = bottom;
    }

    @Override public Perms childPermissions(ChildPermRequest request) {
        Perms p = DefaultPerms.forFilter(request.parents());
        return p.withPerm(p.perm().plus(Perm.WRITE_UNCHANGED));
    }

    /**
     * Reads, then copies up every part the node below does not hold itself; with a bottom,
     * only parts that come from the images down to the bottom. Zeroes are copied as zeroes.
     */
    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        int start = dst.position();
        IoResult r = file.read(offset, dst, flags);
        if (!r.ok()) return r;
        long length = dst.position() - start;
        for (long done = 0; done < length; ) {
            long n;
            boolean copy;
            if (bottom == null) {
                BlockStatus s = file.blockStatus(offset + done, length - done);
                n = Math.min(s.length(), length - done);
                copy = !s.allocated();
            } else {
                BlockStatus s = file.allocationBelow(offset + done, length - done, bottom);
                n = Math.min(s.length(), length - done);
                copy = s.allocated();
            }
            if (copy) {
                ByteBuffer part = dst.duplicate().position(start + (int) done).limit(start + (int) (done + n)).slice();
                IoResult w = isZero(part) ? file.writeZeroes(offset + done, n, ReqFlags.WRITE_UNCHANGED)
                        : file.write(offset + done, part, ReqFlags.WRITE_UNCHANGED);
                if (!w.ok()) return w;
            }
            done += n;
        }
        return r;
    }

    private static boolean isZero(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) if (b.get(i) != 0) return false;
        return true;
    }
}
