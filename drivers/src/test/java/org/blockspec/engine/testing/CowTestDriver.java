package org.blockspec.engine.testing;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReopenPolicy;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.DefaultPerms;

/**
 * A format driver for tests only ({@code test-cow}): a metadata-carrying {@code file} child
 * and an optional {@code backing} child, with QEMU's default rules for both, as qcow2 has.
 * It lets permission tests build the talk's format-over-file-with-backing graphs. Data goes
 * straight to {@code file}; only the graph and permissions matter here.
 */
public final class CowTestDriver implements BlockDriver {
    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "test-cow"; }

        @Override public ReopenPolicy reopenPolicy() { return ReopenPolicy.FIXED_OPTIONS; }

        @Override public DriverKind kind() { return DriverKind.FORMAT; }

        @Override public List<OptionField> options() {
            return List.of(OptionField.required("file", OptionType.NODE_REF),
                    OptionField.optional("backing", OptionType.NODE_REF_OR_NULL));
        }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            Child file = ctx.openChild("file", ChildRole.IMAGE);
            Optional<Child> backing = ctx.openOptionalChild("backing", ChildRole.BACKING);
            return new CowTestDriver(file, backing.orElse(null));
        }
    }

    private final Child file;

    private CowTestDriver(Child file, Child backing) {
        this.file = file;
    }

    @Override public long length() { return file.length(); }

    @Override public Capabilities capabilities() { return Capabilities.PASSTHROUGH; }

    @Override public Perms childPermissions(ChildPermRequest request) { return DefaultPerms.forRole(request); }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) { return file.read(offset, dst, flags); }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) { return file.write(offset, src, flags); }
}
