package org.blockspec.engine.nbd;

import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.support.SocketAddresses;

/** The QAPI types of the NBD server commands and command-line options, in QAPI member order. */
public final class NbdSchemas {
    private NbdSchemas() {
    }

    /**
     * BlockExportOptions. Only the nbd type exists here: QEMU's fuse, vhost-user-blk and
     * vduse-blk exports are refused as a QEMU built without them refuses them.
     */
    public static final OptionType.Union BLOCK_EXPORT_OPTIONS = new OptionType.Union("BlockExportOptions",
            List.of(OptionField.required("type", OptionType.enumOf("BlockExportType", "nbd")),
                    OptionField.required("id", OptionType.STR),
                    OptionField.optional("fixed-iothread", OptionType.BOOL),
                    OptionField.optional("iothread", OptionType.STR),
                    OptionField.required("node-name", OptionType.STR),
                    OptionField.optional("writable", OptionType.BOOL),
                    OptionField.optional("writethrough", OptionType.BOOL)),
            "type",
            Map.of("nbd", List.of(
                    OptionField.optional("name", OptionType.STR),
                    OptionField.optional("description", OptionType.STR),
                    OptionField.optional("bitmaps", new OptionType.ListOf(OptionType.STR)),
                    OptionField.optional("allocation-depth", OptionType.BOOL))));

    /** NbdServerOptions, the --nbd-server option (flat address). */
    public static final List<OptionField> SERVER_OPTIONS = server(SocketAddresses.FLAT);

    /** nbd-server-start's arguments (legacy address). */
    public static final List<OptionField> SERVER_START = server(SocketAddresses.LEGACY);

    private static List<OptionField> server(OptionType address) {
        return List.of(OptionField.required("addr", address),
                OptionField.optional("tls-creds", OptionType.STR),
                OptionField.optional("tls-authz", OptionType.STR),
                OptionField.optional("max-connections", OptionType.INT));
    }
}
