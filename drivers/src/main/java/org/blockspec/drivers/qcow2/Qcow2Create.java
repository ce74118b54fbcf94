package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.CreateOption;
import org.blockspec.engine.spi.ImageCreation;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * Creating a qcow2 image (QEMU's qcow2_co_create): validates the options in QEMU's words,
 * writes the three clusters of an empty image (header, refcount table, one refcount block),
 * then grows it to its size with the ordinary code, sets the backing file and, if asked,
 * preallocates metadata. The result matches what qemu-img create writes.
 */
final class Qcow2Create {
    /** In the order qemu-img create prints them in its "Formatting" line. */
    static final List<CreateOption> OPTIONS = List.of(
            new CreateOption("encryption", OptionType.BOOL,
                    "Encrypt the image with format 'aes'. (Deprecated in favor of encrypt.format=aes)", null),
            new CreateOption("encrypt.format", OptionType.STR, "Encrypt the image, format choices: 'aes', 'luks'", null),
            new CreateOption("cluster_size", OptionType.SIZE, "qcow2 cluster size", "65536"),
            new CreateOption("extended_l2", OptionType.BOOL, "Extended L2 tables", "off"),
            new CreateOption("preallocation", OptionType.STR,
                    "Preallocation mode (allowed values: off, metadata, falloc, full)", null),
            new CreateOption("compression_type", OptionType.STR,
                    "Compression method used for image cluster compression", "zlib"),
            new CreateOption("size", OptionType.SIZE, "Virtual disk size", null),
            new CreateOption("compat", OptionType.STR, "Compatibility level (v2 [0.10] or v3 [1.1])", null),
            new CreateOption("backing_file", OptionType.STR, "File name of a base image", null),
            new CreateOption("backing_fmt", OptionType.STR, "Image format of the base image", null),
            new CreateOption("data_file", OptionType.STR, "File name of an external data file", null),
            new CreateOption("data_file_raw", OptionType.BOOL,
                    "The external data file must stay valid as a raw image", null),
            new CreateOption("lazy_refcounts", OptionType.BOOL, "Postpone refcount updates", "off"),
            new CreateOption("refcount_bits", OptionType.INT, "Width of a reference count entry in bits", "16"));

    private Qcow2Create() {
    }

    static void create(ImageCreation c) throws BlockException {
        OptionValues o = c.options();
        int version = version(o.optString("compat").orElse("1.1"));
        String prealloc = o.optString("preallocation").orElse("off");
        if (!List.of("off", "metadata", "falloc", "full").contains(prealloc)) {
            throw new BlockException("Parameter 'preallocation' does not accept value '" + prealloc + "'");
        }
        String compression = o.optString("compression_type").orElse("zlib");
        if (!List.of("zlib", "zstd").contains(compression)) {
            throw new BlockException("Parameter 'compression-type' does not accept value '" + compression + "'");
        }
        long refcountBits = o.optInteger("refcount_bits").orElse(16);
        if (refcountBits > 64 || refcountBits < 1 || Long.bitCount(refcountBits) != 1) {
            throw new BlockException("Refcount width must be a power of two and may not exceed 64 bits");
        }
        String backing = o.optString("backing_file").orElse(null);
        String backingFormat = o.optString("backing_fmt").orElse(null);
        if (backingFormat != null && backing == null) {
            throw new BlockException("Backing format cannot be used without backing file");
        }
        if (o.bool("encryption", false) || o.has("encrypt.format")) {
            throw new BlockException("Parameter 'encrypt.key-secret' is required for cipher");
        }
        long clusterSize = o.optInteger("cluster_size").orElse(65536);
        if (clusterSize < 512 || clusterSize > (2 << 20) || Long.bitCount(clusterSize) != 1) {
            throw new BlockException("Cluster size must be a power of two between 512 and 2048k");
        }
        int clusterBits = Long.numberOfTrailingZeros(clusterSize);
        if (o.bool("extended_l2", false)) throw new BlockException(unsupported("extended L2 entries"));
        if (o.has("data_file") || o.bool("data_file_raw", false)) throw new BlockException(unsupported("external data file"));
        if (compression.equals("zstd")) throw new BlockException(unsupported("compression type"));
        if (backing != null && !prealloc.equals("off")) {
            throw new BlockException("Backing file and preallocation can only be used at the same time if extended_l2 is on");
        }
        boolean lazy = o.bool("lazy_refcounts", false);
        if (version < 3 && lazy) {
            throw new BlockException("Lazy refcounts only supported with compatibility level 1.1 and above "
                    + "(use version=v3 or greater)");
        }
        if (version < 3 && refcountBits != 16) {
            throw new BlockException("Different refcount widths than 16 bits require compatibility level 1.1 or above "
                    + "(use version=v3 or greater)");
        }
        Geometry g = new Geometry(clusterBits, Long.numberOfTrailingZeros(refcountBits));
        if (g.l1EntriesFor(c.size()) * 8 > Geometry.MAX_L1_BYTES) {
            throw new BlockException("The image size is too large for file format 'qcow2' (try using a larger cluster size)");
        }
        if (prealloc.equals("falloc") || prealloc.equals("full")) {
            throw new BlockException("Unsupported preallocation mode: " + prealloc);
        }
        Child file = c.createFile(0);
        Qcow2Image img = writeEmpty(file, Qcow2Header.fresh(version, clusterBits, g.refcountOrder(), lazy));
        new Qcow2Resize(img, new Qcow2Io(img)).resize(c.size());
        try {
            if (backing != null) img.writeHeader(img.header().withBacking(backing, backingFormat));
            if (prealloc.equals("metadata")) preallocateMetadata(img);
            img.flushCaches();
        } catch (IoFailure e) {
            throw new BlockException("Could not write qcow2 header: " + e.errno.text());
        } catch (Corruption e) {
            throw new BlockException(e.getMessage());
        }
    }

    /** QEMU's wording for features it knows and blockspec does not implement. */
    private static String unsupported(String feature) {
        return "Unsupported qcow2 feature(s): " + feature;
    }

    private static int version(String compat) throws BlockException {
        return switch (compat) {
            case "0.10", "v2" -> 2;
            case "1.1", "v3" -> 3;
            default -> throw new BlockException("Parameter 'version' does not accept value '" + compat + "'");
        };
    }

    /** Header, refcount table and a refcount block counting those three clusters; no L1 table yet. */
    private static Qcow2Image writeEmpty(Child file, Qcow2Header fresh) throws BlockException {
        int cs = fresh.clusterSize();
        Qcow2Header h = fresh.withRefcountTable(cs, 1);
        ByteBuffer b = ByteBuffer.allocate(3 * cs);
        b.put(0, h.encode());
        b.putLong(cs, 2L * cs);
        for (int i = 0; i < 3; i++) RefcountBlock.set(b.slice(2 * cs, cs), h.refcountOrder(), i, 1);
        var r = file.write(0, b);
        if (!r.ok()) throw new BlockException("Could not write qcow2 header: " + r.error().text());
        long[] reftable = new long[cs / 8];
        reftable[0] = 2L * cs;
        return new Qcow2Image(file, h, Qcow2Options.defaults(h), true, Snapshots.NONE, new long[0], reftable);
    }

    /**
     * preallocation=metadata: every guest cluster gets a host cluster, one L2 table's worth at
     * a time (table first, then its clusters); the file is extended over them, unwritten.
     */
    private static void preallocateMetadata(Qcow2Image img) throws IoFailure, Corruption, BlockException {
        Geometry g = img.g;
        long end = 0;
        for (long pos = 0; pos < img.size(); ) {
            long tableEnd = Math.min(img.size(), (pos / g.l2Coverage() + 1) * g.l2Coverage());
            img.map.ownL2(pos);
            long clusters = g.clustersFor(tableEnd - pos);
            long host = img.refcounts.allocate(clusters * g.clusterSize());
            img.map.cache().dependOn(img.refcounts.cache());
            for (long i = 0; i < clusters; i++) {
                img.map.setEntry(pos + i * g.clusterSize(), L2Entry.normal(host + i * g.clusterSize()));
            }
            end = host + clusters * g.clusterSize();
            pos = tableEnd;
        }
        img.flushCaches();
        if (end > img.file.length()) img.file.truncate(end, false);
    }
}
