package org.blockspec.drivers.qcow2;

import java.nio.ByteBuffer;

/**
 * Reads and writes one entry of a refcount block of any width QEMU allows (1 to 64 bits).
 * Sub-byte entries are packed from the least significant bit of each byte; wider ones are
 * big-endian. Values are unsigned; 64-bit refcounts above 2^63 read as negative longs.
 */
final class RefcountBlock {
    private RefcountBlock() {
    }

    static long get(ByteBuffer block, int order, long index) {
        return switch (order) {
            case 6 -> block.getLong((int) (index * 8));
            case 5 -> Integer.toUnsignedLong(block.getInt((int) (index * 4)));
            case 4 -> Short.toUnsignedInt(block.getShort((int) (index * 2)));
            case 3 -> Byte.toUnsignedInt(block.get((int) index));
            default -> {
                int bits = 1 << order;
                long bit = index * bits;
                yield (Byte.toUnsignedInt(block.get((int) (bit >>> 3))) >>> (bit & 7)) & ((1 << bits) - 1);
            }
        };
    }

    static void set(ByteBuffer block, int order, long index, long value) {
        switch (order) {
            case 6 -> block.putLong((int) (index * 8), value);
            case 5 -> block.putInt((int) (index * 4), (int) value);
            case 4 -> block.putShort((int) (index * 2), (short) value);
            case 3 -> block.put((int) index, (byte) value);
            default -> {
                int bits = 1 << order;
                long bit = index * bits;
                int mask = ((1 << bits) - 1) << (bit & 7);
                int pos = (int) (bit >>> 3);
                int b = Byte.toUnsignedInt(block.get(pos));
                block.put(pos, (byte) ((b & ~mask) | (((int) value << (bit & 7)) & mask)));
            }
        }
    }
}
