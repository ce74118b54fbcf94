package org.blockspec.dsl.report;

import java.util.Set;
import java.util.function.Function;

import org.blockspec.dsl.exec.GraphModel;
import org.blockspec.engine.spi.DriverKind;

/**
 * What a vertex of the block graph is, in the talk's vocabulary; each kind is drawn in its own
 * shape. Drivers blockspec has say their kind; QEMU's job filters and drivers blockspec lacks
 * are known by name, so graphs from real QEMU are styled too.
 */
public enum NodeKind {
    DEVICE("guest device"), EXPORT("export or other user"), JOB("block job"), JOB_FILTER("job filter"),
    FILTER("filter"), FORMAT("format"), PROTOCOL("protocol");

    private final String words;

    NodeKind(String words) {
        this.words = words;
    }

    public String words() { return words; }

    /** The filter nodes block jobs insert (mirror_top, commit_top, backup's copy-before-write). */
    static final Set<String> JOB_FILTERS = Set.of("mirror_top", "commit_top", "copy-before-write", "backup-top");
    private static final Set<String> PROTOCOLS = Set.of("file", "host_device", "host_cdrom", "nbd", "null-co", "null-aio",
            "nfs", "ssh", "iscsi", "rbd", "gluster", "http", "https", "ftp", "ftps", "nvme", "vvfat", "io_uring",
            "virtio-blk-vhost-user", "virtio-blk-vdpa", "snapshot-access");
    private static final Set<String> FILTERS = Set.of("throttle", "copy-on-read", "blkdebug", "blkverify", "quorum",
            "preallocate", "compress", "blklogwrites", "replication");

    static NodeKind of(GraphModel.Vertex v, Function<String, DriverKind> known) {
        if (v.type().equals("block-backend")) return GraphModel.deviceId(v.rawName()) != null ? DEVICE : EXPORT;
        if (v.type().equals("block-job")) return JOB;
        String drv = v.driver() == null ? "" : v.driver();
        if (JOB_FILTERS.contains(drv)) return JOB_FILTER;
        DriverKind k = known.apply(drv);
        if (k != null) {
            return switch (k) {
                case PROTOCOL -> PROTOCOL;
                case FORMAT -> FORMAT;
                case FILTER -> FILTER;
            };
        }
        if (PROTOCOLS.contains(drv)) return PROTOCOL;
        if (FILTERS.contains(drv)) return FILTER;
        return FORMAT;
    }
}
