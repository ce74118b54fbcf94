package org.blockspec.drivers.blkdebug;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReopenPolicy;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.DefaultPerms;
import org.blockspec.engine.spi.support.FilterDriver;

/**
 * Filter driver {@code blkdebug}: fails chosen requests with chosen errnos when the format
 * driver above announces a debug event (l2_load, refblock_alloc ...) or always (event
 * {@code none}), so scenarios can make errors happen where they want. It can also take or
 * unshare extra permissions on its child.
 */
public final class BlkdebugDriver extends FilterDriver {
    static final OptionType EVENT = OptionType.enumOf("BlkdebugEvent", "l1_update", "l1_grow_alloc_table",
            "l1_grow_write_table", "l1_grow_activate_table", "l2_load", "l2_update", "l2_update_compressed",
            "l2_alloc_cow_read", "l2_alloc_write", "read_aio", "read_backing_aio", "read_compressed", "write_aio",
            "write_compressed", "vmstate_load", "vmstate_save", "cow_read", "cow_write", "reftable_load",
            "reftable_grow", "reftable_update", "refblock_load", "refblock_update", "refblock_update_part",
            "refblock_alloc", "refblock_alloc_hookup", "refblock_alloc_write", "refblock_alloc_write_blocks",
            "refblock_alloc_write_table", "refblock_alloc_switch_table", "cluster_alloc", "cluster_alloc_bytes",
            "cluster_free", "flush_to_os", "flush_to_disk", "pwritev_rmw_head", "pwritev_rmw_after_head",
            "pwritev_rmw_tail", "pwritev_rmw_after_tail", "pwritev", "pwritev_zero", "pwritev_done",
            "empty_image_prepare", "l1_shrink_write_table", "l1_shrink_free_l2_clusters", "cor_write",
            "cluster_alloc_space", "none");
    static final OptionType PERMISSION = OptionType.enumOf("BlockPermission", "consistent-read", "write",
            "write-unchanged", "resize");

    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "blkdebug"; }

        @Override public ReopenPolicy reopenPolicy() { return ReopenPolicy.FIXED_OPTIONS; }

        @Override public DriverKind kind() { return DriverKind.FILTER; }

        @Override public boolean opensAsProtocol() { return true; }

        @Override public List<OptionField> options() {
            return List.of(
                    OptionField.required("image", OptionType.NODE_REF),
                    OptionField.optional("config", OptionType.STR),
                    OptionField.optional("align", OptionType.INT),
                    OptionField.optional("max-transfer", OptionType.INT),
                    OptionField.optional("opt-write-zero", OptionType.INT),
                    OptionField.optional("max-write-zero", OptionType.INT),
                    OptionField.optional("opt-discard", OptionType.INT),
                    OptionField.optional("max-discard", OptionType.INT),
                    OptionField.optional("inject-error", new OptionType.ListOf(new OptionType.Struct(
                            "BlkdebugInjectErrorOptions", List.of(
                                    OptionField.required("event", EVENT),
                                    OptionField.optional("state", OptionType.INT),
                                    OptionField.optional("iotype", OptionType.enumOf("BlkdebugIOType", "read",
                                            "write", "write-zeroes", "discard", "flush", "block-status")),
                                    OptionField.optional("errno", OptionType.INT),
                                    OptionField.optional("sector", OptionType.INT),
                                    OptionField.optional("once", OptionType.BOOL),
                                    OptionField.optional("immediately", OptionType.BOOL))))),
                    OptionField.optional("set-state", new OptionType.ListOf(new OptionType.Struct(
                            "BlkdebugSetStateOptions", List.of(
                                    OptionField.required("event", EVENT),
                                    OptionField.optional("state", OptionType.INT),
                                    OptionField.required("new_state", OptionType.INT))))),
                    OptionField.optional("take-child-perms", new OptionType.ListOf(PERMISSION)),
                    OptionField.optional("unshare-child-perms", new OptionType.ListOf(PERMISSION)));
        }

        @Override public List<String> strongOptions() {
            return List.of("config", "inject-error", "set-state", "align", "max-transfer",
                    "opt-write-zero", "max-write-zero", "opt-discard", "max-discard");
        }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            var o = ctx.options();
            if (o.has("config")) {
                if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(o.string("config")))) {
                    String why = java.nio.file.Files.exists(java.nio.file.Path.of(o.string("config")))
                            ? "Permission denied" : "No such file or directory";
                    throw new BlockException("Could not read blkdebug config file: " + why);
                }
                throw new BlockException("blkdebug config files are not supported by blockspec; "
                        + "use the inject-error and set-state options");
            }
            long align = o.optInteger("align").orElse(1);
            if (align <= 0 || Long.bitCount(align) != 1 || align > Integer.MAX_VALUE) {
                throw new BlockException("Cannot meet constraints with align " + align);
            }
            Child image = ctx.openChild("image", ChildRole.FILTERED_PRIMARY);
            // Without options of its own the node is named after its image: blkdebug::IMAGE.
            boolean plainName = strongOptions().stream().noneMatch(o::has);
            return new BlkdebugDriver(image, plainName, new BlkdebugRules(o.list("inject-error"), o.list("set-state")),
                    new Capabilities((int) align, o.optInteger("max-transfer").orElse(0), true, true, true, true),
                    perms(o.list("take-child-perms")), perms(o.list("unshare-child-perms")));
        }

        private static PermSet perms(List<Object> names) {
            PermSet s = PermSet.NONE;
            for (Object n : names) s = s.plus(Perm.fromQmpName((String) n));
            return s;
        }
    }

    private final boolean plainName;
    private final BlkdebugRules rules;
    private final Capabilities caps;
    private final PermSet take;
    private final PermSet unshare;

    private BlkdebugDriver(Child image, boolean plainName, BlkdebugRules rules, Capabilities caps, PermSet take, PermSet unshare) {
        super(image);
        this.plainName = plainName;
        this.rules = rules;
        this.caps = caps;
        this.take = take;
        this.unshare = unshare;
    }

    @Override public Capabilities capabilities() { return caps; }

    @Override public String exactFilename() {
        String image = plainName ? file.exactFilename() : null;
        return image == null ? null : "blkdebug::" + image;
    }

    @Override public Perms childPermissions(ChildPermRequest request) {
        Perms p = DefaultPerms.forRole(request);
        return new Perms(p.perm().plus(take), p.shared().minus(unshare));
    }

    @Override public void debugEvent(String event) {
        rules.event(event);
    }

    private IoResult check(long offset, long bytes, BlkdebugRules.IoType type) {
        Errno e = rules.check(offset, bytes, type);
        return e == null ? null : IoResult.fail(e);
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        IoResult r = check(offset, dst.remaining(), BlkdebugRules.IoType.READ);
        return r != null ? r : file.read(offset, dst, flags);
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        IoResult r = check(offset, src.remaining(), BlkdebugRules.IoType.WRITE);
        return r != null ? r : file.write(offset, src, flags);
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        IoResult r = check(offset, length, BlkdebugRules.IoType.WRITE_ZEROES);
        return r != null ? r : file.writeZeroes(offset, length, flags);
    }

    @Override public IoResult discard(long offset, long length) {
        IoResult r = check(offset, length, BlkdebugRules.IoType.DISCARD);
        return r != null ? r : file.discard(offset, length);
    }

    @Override public IoResult flush() {
        IoResult r = check(0, 0, BlkdebugRules.IoType.FLUSH);
        return r != null ? r : file.flush();
    }
}
