package org.blockspec.drivers.qcow2;

/**
 * Metadata that cannot be right (QEMU's qcow2_signal_corruption): the message QEMU puts in
 * BLOCK_IMAGE_CORRUPTED, with the affected host range when known (-1 otherwise).
 */
final class Corruption extends Exception {
    private static final long serialVersionUID = 1L;

    final long offset;
    final long size;

    Corruption(String message, long offset, long size) {
        super(message, null, false, false);
        this.offset = offset;
        this.size = size;
    }

    Corruption(String message) {
        this(message, -1, -1);
    }

    static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
