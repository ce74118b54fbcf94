package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature name table header extension: 48-byte entries naming feature bits, so that a
 * program that does not know a feature can still name it when refusing an image.
 */
record FeatureNameTable(List<Entry> entries) {
    static final int TYPE = 0x6803f857;
    static final int INCOMPATIBLE = 0;
    static final int COMPATIBLE = 1;
    static final int AUTOCLEAR = 2;
    private static final int ENTRY_BYTES = 48;
    private static final int NAME_BYTES = 46;

    record Entry(int type, int bit, String name) {
    }

    /** What QEMU 7.2 writes into every version 3 image it creates or updates. */
    static final FeatureNameTable QEMU = new FeatureNameTable(List.of(
            new Entry(INCOMPATIBLE, 0, "dirty bit"),
            new Entry(INCOMPATIBLE, 1, "corrupt bit"),
            new Entry(INCOMPATIBLE, 2, "external data file"),
            new Entry(INCOMPATIBLE, 3, "compression type"),
            new Entry(INCOMPATIBLE, 4, "extended L2 entries"),
            new Entry(COMPATIBLE, 0, "lazy refcounts"),
            new Entry(AUTOCLEAR, 0, "bitmaps"),
            new Entry(AUTOCLEAR, 1, "raw external data")));

    static FeatureNameTable decode(byte[] data) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i + ENTRY_BYTES <= data.length; i += ENTRY_BYTES) {
            int end = i + 2;
            while (end < i + ENTRY_BYTES && data[end] != 0) end++;
            if (end == i + 2) break; // QEMU stops at the first unnamed entry
            out.add(new Entry(data[i] & 0xff, data[i + 1] & 0xff,
                    new String(data, i + 2, end - i - 2, StandardCharsets.ISO_8859_1)));
        }
        return new FeatureNameTable(out);
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(entries.size() * ENTRY_BYTES);
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.ISO_8859_1);
            b.put((byte) e.type()).put((byte) e.bit()).put(name, 0, Math.min(name.length, NAME_BYTES));
            b.position(b.position() + NAME_BYTES - Math.min(name.length, NAME_BYTES));
        }
        return b.array();
    }

    /**
     * QEMU's wording for incompatible bits an implementation cannot handle: the names the
     * table gives them, then the rest as a hexadecimal mask.
     */
    String describeIncompatible(long mask) {
        StringBuilder s = new StringBuilder();
        for (Entry e : entries) {
            if (e.type() == INCOMPATIBLE && e.bit() < 64 && (mask & (1L << e.bit())) != 0) {
                if (!s.isEmpty()) s.append(", ");
                s.append(e.name());
                mask &= ~(1L << e.bit());
            }
        }
        if (mask != 0) {
            if (!s.isEmpty()) s.append(", ");
            s.append("Unknown incompatible feature: ").append(Long.toHexString(mask));
        }
        return "Unsupported qcow2 feature(s): " + s;
    }
}
