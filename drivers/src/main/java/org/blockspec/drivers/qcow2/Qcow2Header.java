package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.spi.BlockException;

/**
 * The image header (cluster 0): fixed fields, header extensions and the backing file name.
 * {@link #parse} validates in QEMU's order with QEMU's messages; {@link #encode} lays the
 * cluster out as QEMU's qcow2_update_header does (header, backing format, feature table,
 * other extensions, end marker, backing file name), so images we write match its byte for byte.
 */
record Qcow2Header(int version, int clusterBits, long size, int cryptMethod, long l1Size, long l1TableOffset,
                   long refcountTableOffset, long refcountTableClusters, long nbSnapshots, long snapshotsOffset,
                   long incompatible, long compatible, long autoclear, int refcountOrder, int compressionType,
                   byte[] unknownFields, String backingFile, String backingFormat, FeatureNameTable featureTable,
                   List<Extension> otherExtensions) {
    static final int MAGIC = 0x514649fb;
    static final int V2_LENGTH = 72;
    /** sizeof(QCowHeader) in QEMU 7.2: the v3 fields, compression_type and padding. */
    static final int V3_LENGTH = 112;
    static final int BACKING_FORMAT_TYPE = 0xe2792aca;
    static final int BITMAPS_TYPE = 0x23852875;
    static final int CRYPTO_TYPE = 0x0537be77;
    static final int DATA_FILE_TYPE = 0x44415441;
    static final long INCOMPAT_DIRTY = 1;
    static final long INCOMPAT_CORRUPT = 2;
    static final long INCOMPAT_DATA_FILE = 4;
    static final long INCOMPAT_COMPRESSION = 8;
    static final long INCOMPAT_EXTL2 = 16;
    static final long INCOMPAT_KNOWN = 0x1f;
    static final long COMPAT_LAZY_REFCOUNTS = 1;
    static final long AUTOCLEAR_BITMAPS = 1;
    static final long AUTOCLEAR_KNOWN = 3;
    /** Offsets of fields QEMU rewrites in place. */
    static final int INCOMPATIBLE_OFFSET = 72;
    static final int REFCOUNT_TABLE_OFFSET = 48;
    static final int L1_SIZE_OFFSET = 36;
    static final int SIZE_OFFSET = 24;

    /** A header extension kept as bytes to be written back unchanged. */
    record Extension(int type, byte[] data) {
    }

    /** How the header is read: QEMU's BDRV_O_RDWR and BDRV_O_CHECK open flags. */
    record OpenMode(boolean readWrite, boolean check) {
    }

    Geometry geometry() { return new Geometry(clusterBits, refcountOrder); }

    int clusterSize() { return 1 << clusterBits; }

    boolean dirty() { return (incompatible & INCOMPAT_DIRTY) != 0; }

    boolean corrupt() { return (incompatible & INCOMPAT_CORRUPT) != 0; }

    boolean lazyRefcounts() { return (compatible & COMPAT_LAZY_REFCOUNTS) != 0; }

    Qcow2Header withIncompatible(long bits) {
        return new Qcow2Header(version, clusterBits, size, cryptMethod, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, bits, compatible, autoclear, refcountOrder,
                compressionType, unknownFields, backingFile, backingFormat, featureTable, otherExtensions);
    }

    Qcow2Header withAutoclear(long bits, List<Extension> extensions) {
        return new Qcow2Header(version, clusterBits, size, cryptMethod, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatible, compatible, bits, refcountOrder,
                compressionType, unknownFields, backingFile, backingFormat, featureTable, extensions);
    }

    Qcow2Header withL1(long offset, long entries) {
        return new Qcow2Header(version, clusterBits, size, cryptMethod, entries, offset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatible, compatible, autoclear,
                refcountOrder, compressionType, unknownFields, backingFile, backingFormat, featureTable,
                otherExtensions);
    }

    Qcow2Header withRefcountTable(long offset, long clusters) {
        return new Qcow2Header(version, clusterBits, size, cryptMethod, l1Size, l1TableOffset, offset, clusters,
                nbSnapshots, snapshotsOffset, incompatible, compatible, autoclear, refcountOrder, compressionType,
                unknownFields, backingFile, backingFormat, featureTable, otherExtensions);
    }

    Qcow2Header withSnapshots(long count, long offset) {
        return new Qcow2Header(version, clusterBits, size, cryptMethod, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, count, offset, incompatible, compatible, autoclear, refcountOrder,
                compressionType, unknownFields, backingFile, backingFormat, featureTable, otherExtensions);
    }

    Qcow2Header withSize(long newSize) {
        return new Qcow2Header(version, clusterBits, newSize, cryptMethod, l1Size, l1TableOffset,
                refcountTableOffset, refcountTableClusters, nbSnapshots, snapshotsOffset, incompatible, compatible,
                autoclear, refcountOrder, compressionType, unknownFields, backingFile, backingFormat, featureTable,
                otherExtensions);
    }

    Qcow2Header withBacking(String file, String format) {
        return new Qcow2Header(version, clusterBits, size, cryptMethod, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatible, compatible, autoclear,
                refcountOrder, compressionType, unknownFields, file, format, featureTable, otherExtensions);
    }

    /** A fresh header as qcow2 image creation writes it. */
    static Qcow2Header fresh(int version, int clusterBits, int refcountOrder, boolean lazyRefcounts) {
        return new Qcow2Header(version, clusterBits, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                lazyRefcounts ? COMPAT_LAZY_REFCOUNTS : 0, 0, refcountOrder, 0, new byte[0], null, null,
                FeatureNameTable.QEMU, List.of());
    }

    /**
     * Parses cluster 0 as QEMU's qcow2_do_open does, up to the checks that need only the header.
     * {@code head} holds the first cluster's bytes as far as the file has them (zeroes after).
     * Errors that QEMU finds only after reading the L1 table are reported by {@link #parseExtensions}.
     */
    static Qcow2Header parse(ByteBuffer head, OpenMode mode) throws BlockException {
        ByteBuffer h = head.duplicate();
        if (h.getInt(0) != MAGIC) throw new BlockException("Image is not in qcow2 format");
        long version = Integer.toUnsignedLong(h.getInt(4));
        if (version < 2 || version > 3) throw new BlockException("Unsupported qcow2 version " + version);
        long clusterBits = Integer.toUnsignedLong(h.getInt(20));
        if (clusterBits < Geometry.MIN_CLUSTER_BITS || clusterBits > Geometry.MAX_CLUSTER_BITS) {
            throw new BlockException("Unsupported cluster size: 2^" + clusterBits);
        }
        int clusterSize = 1 << clusterBits;
        long incompatible = 0;
        long compatible = 0;
        long autoclear = 0;
        long refcountOrder = 4;
        long headerLength = V2_LENGTH;
        if (version == 3) {
            incompatible = h.getLong(72);
            compatible = h.getLong(80);
            autoclear = h.getLong(88);
            refcountOrder = Integer.toUnsignedLong(h.getInt(96));
            headerLength = Integer.toUnsignedLong(h.getInt(100));
            if (headerLength < 104) throw new BlockException("qcow2 header too short");
        }
        if (headerLength > clusterSize) throw new BlockException("qcow2 header exceeds cluster size");
        byte[] unknownFields = new byte[(int) Math.max(0, headerLength - V3_LENGTH)];
        if (unknownFields.length > 0) h.get(V3_LENGTH, unknownFields);
        long backingFileOffset = h.getLong(8);
        if (Long.compareUnsigned(backingFileOffset, clusterSize) > 0) {
            throw new BlockException("Invalid backing file offset");
        }
        int compressionType = headerLength > 104 ? h.get(104) & 0xff : 0;
        if (compressionType > 1) throw new BlockException("qcow2: unknown compression type: " + compressionType);
        if (compressionType == 0 && (incompatible & INCOMPAT_COMPRESSION) != 0) {
            throw new BlockException("qcow2: Compression type incompatible feature bit must not be set");
        }
        if (compressionType != 0 && (incompatible & INCOMPAT_COMPRESSION) == 0) {
            throw new BlockException("qcow2: Compression type incompatible feature bit must be set");
        }
        long extEnd = backingFileOffset != 0 ? backingFileOffset : clusterSize;
        if ((incompatible & ~INCOMPAT_KNOWN) != 0) {
            throw new BlockException(featureTableOf(h, (int) headerLength, extEnd)
                    .describeIncompatible(incompatible & ~INCOMPAT_KNOWN));
        }
        // Known to QEMU, not implemented here: refused the same way, naming the features.
        long unsupported = incompatible & (INCOMPAT_DATA_FILE | INCOMPAT_COMPRESSION | INCOMPAT_EXTL2);
        if (unsupported != 0) {
            throw new BlockException(FeatureNameTable.QEMU.describeIncompatible(unsupported));
        }
        if ((incompatible & INCOMPAT_CORRUPT) != 0 && mode.readWrite() && !mode.check()) {
            throw new BlockException("qcow2: Image is corrupt; cannot be opened read/write");
        }
        if (refcountOrder > 6) {
            throw new BlockException("Reference count entry width too large; may not exceed 64 bits");
        }
        long refcountTableOffset = h.getLong(48);
        long refcountTableClusters = Integer.toUnsignedLong(h.getInt(56));
        if (refcountTableClusters == 0 && !mode.check()) {
            throw new BlockException("Image does not contain a reference count table");
        }
        validateTable(refcountTableOffset, refcountTableClusters, clusterSize, Geometry.MAX_REFTABLE_BYTES,
                "Reference count table", clusterSize);
        long nbSnapshots = Integer.toUnsignedLong(h.getInt(60));
        long snapshotsOffset = h.getLong(64);
        if (!mode.check()) {
            validateTable(snapshotsOffset, nbSnapshots, Snapshots.ENTRY_HEADER_BYTES,
                    (long) Snapshots.ENTRY_HEADER_BYTES * Snapshots.MAX_SNAPSHOTS, "Snapshot table", clusterSize);
        }
        long l1Size = Integer.toUnsignedLong(h.getInt(36));
        long l1TableOffset = h.getLong(40);
        validateTable(l1TableOffset, l1Size, 8, Geometry.MAX_L1_BYTES, "Active L1 table", clusterSize);
        long size = h.getLong(24);
        Geometry g = new Geometry((int) clusterBits, (int) refcountOrder);
        long l1Needed = size < 0 ? Long.MAX_VALUE : g.l1EntriesFor(size);
        if (l1Needed > Integer.MAX_VALUE) throw new BlockException("Image is too big");
        if (l1Size < l1Needed) throw new BlockException("L1 table is too small");
        return new Qcow2Header((int) version, (int) clusterBits, size, h.getInt(32), l1Size, l1TableOffset,
                refcountTableOffset, refcountTableClusters, nbSnapshots, snapshotsOffset, incompatible, compatible,
                autoclear, (int) refcountOrder, compressionType, unknownFields, null, null, null, List.of());
    }

    /** QEMU's qcow2_validate_table: a bounded size and a cluster-aligned offset that fits in int64. */
    static void validateTable(long offset, long entries, long entryLength, long maxBytes, String name,
                              int clusterSize) throws BlockException {
        if (entries > maxBytes / entryLength) throw new BlockException(name + " too large");
        if (Long.compareUnsigned(offset, Long.MAX_VALUE - entries * entryLength) > 0
                || (offset & (clusterSize - 1)) != 0) {
            throw new BlockException(name + " offset invalid");
        }
    }

    /**
     * Reads the header extensions and the backing file name: the part of QEMU's open that
     * follows the L1 table. Returns the complete header.
     */
    Qcow2Header parseExtensions(ByteBuffer head) throws BlockException {
        ByteBuffer h = head.duplicate();
        int headerLength = version == 2 ? V2_LENGTH : h.getInt(100);
        long backingFileOffset = h.getLong(8);
        long extEnd = backingFileOffset != 0 ? backingFileOffset : clusterSize();
        String format = null;
        FeatureNameTable table = null;
        List<Extension> others = new ArrayList<>();
        long offset = headerLength;
        while (offset < extEnd) {
            int type = h.getInt((int) offset);
            long length = Integer.toUnsignedLong(h.getInt((int) offset + 4));
            offset += 8;
            if (offset > extEnd || length > extEnd - offset) throw new BlockException("Header extension too large");
            byte[] data = new byte[(int) length];
            h.get((int) offset, data);
            if (type == 0) break;
            switch (type) {
                case BACKING_FORMAT_TYPE -> {
                    if (length >= 16) {
                        throw new BlockException("ERROR: ext_backing_format: len=" + length + " too large (>=16)");
                    }
                    format = new String(data, StandardCharsets.ISO_8859_1);
                }
                case FeatureNameTable.TYPE -> table = FeatureNameTable.decode(data);
                case CRYPTO_TYPE -> {
                    if (cryptMethod != 2) {
                        throw new BlockException("CRYPTO header extension only expected with LUKS encryption method");
                    }
                    others.add(new Extension(type, data));
                }
                default -> others.add(new Extension(type, data));
            }
            offset += (length + 7) & ~7L;
        }
        String backing = null;
        if (backingFileOffset != 0) {
            long length = Integer.toUnsignedLong(h.getInt(16));
            if (length > Math.min(1023, clusterSize() - backingFileOffset)) {
                throw new BlockException("Backing file name too long");
            }
            byte[] name = new byte[(int) length];
            h.get((int) backingFileOffset, name);
            backing = new String(name, StandardCharsets.UTF_8);
        }
        return new Qcow2Header(version, clusterBits, size, cryptMethod, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, nbSnapshots, snapshotsOffset, incompatible, compatible, autoclear,
                refcountOrder, compressionType, unknownFields, backing, format, table, List.copyOf(others));
    }

    private static FeatureNameTable featureTableOf(ByteBuffer h, int headerLength, long extEnd) {
        long offset = headerLength;
        while (offset + 8 <= extEnd) {
            int type = h.getInt((int) offset);
            long length = Integer.toUnsignedLong(h.getInt((int) offset + 4));
            offset += 8;
            if (type == 0 || length > extEnd - offset) break;
            if (type == FeatureNameTable.TYPE) {
                byte[] data = new byte[(int) length];
                h.get((int) offset, data);
                return FeatureNameTable.decode(data);
            }
            offset += (length + 7) & ~7L;
        }
        return new FeatureNameTable(List.of());
    }

    /**
     * The whole first cluster as QEMU writes it. Throws when the extensions and the backing
     * file name do not fit (QEMU's ENOSPC).
     */
    byte[] encode() throws BlockException {
        ByteBuffer b = ByteBuffer.allocate(clusterSize());
        int headerLength = version == 2 ? V2_LENGTH : V3_LENGTH + unknownFields.length;
        b.putInt(0, MAGIC).putInt(4, version);
        b.putInt(20, clusterBits).putLong(24, size).putInt(32, cryptMethod).putInt(36, (int) l1Size);
        b.putLong(40, l1TableOffset).putLong(48, refcountTableOffset).putInt(56, (int) refcountTableClusters);
        b.putInt(60, (int) nbSnapshots).putLong(64, snapshotsOffset);
        if (version == 3) {
            b.putLong(72, incompatible).putLong(80, compatible).putLong(88, autoclear);
            b.putInt(96, refcountOrder).putInt(100, headerLength);
            b.put(104, (byte) compressionType);
            b.put(V3_LENGTH, unknownFields);
        }
        b.position(headerLength);
        try {
            if (backingFormat != null) putExtension(b, BACKING_FORMAT_TYPE, backingFormat.getBytes(StandardCharsets.ISO_8859_1));
            // QEMU 7.2 leaves the table out of clusters of 4 KiB and less, keeping room for the backing name.
            if (version == 3 && clusterSize() > 4096) {
                putExtension(b, FeatureNameTable.TYPE, FeatureNameTable.QEMU.encode());
            }
            for (Extension e : otherExtensions) putExtension(b, e.type(), e.data());
            b.putLong(0); // end of the extension area
            if (backingFile != null) {
                byte[] name = backingFile.getBytes(StandardCharsets.UTF_8);
                b.putLong(8, b.position()).putInt(16, name.length);
                b.put(name);
            }
        } catch (java.nio.BufferOverflowException e) {
            throw new BlockException("No space left in the file header");
        }
        return b.array();
    }

    private static void putExtension(ByteBuffer b, int type, byte[] data) {
        b.putInt(type).putInt(data.length).put(data);
        b.position(b.position() + ((8 - data.length % 8) % 8));
    }
}
