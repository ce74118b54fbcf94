package org.blockspec.dsl.interop;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic mix of guest writes, zero writes and discards for an image of a given
 * size and cluster size: partial clusters, runs across cluster and L2 boundaries,
 * overwrites. It is applied to an image (by blockspec or by qemu-io) and to a raw file that
 * holds what the image must read as afterwards.
 */
record Workload(List<Op> ops) {
    /** One request; {@code pattern} 0 with {@code zero} means write-zeroes, with {@code discard} a discard. */
    record Op(long offset, int length, int pattern, boolean zero, boolean discard) {
        String qemuIo() {
            if (discard) return "discard " + offset + " " + length;
            if (zero) return "write -z " + offset + " " + length;
            return "write -P " + pattern + " " + offset + " " + length;
        }
    }

    static Workload mixed(long size, int clusterSize, long seed) {
        Random r = new Random(seed);
        List<Op> ops = new ArrayList<>();
        int cs = clusterSize;
        ops.add(new Op(0, 4096, 0x11, false, false));
        ops.add(new Op(cs - 512, 1024, 0x22, false, false));
        ops.add(new Op(3L * cs + 1536, Math.min(3 * cs, 1 << 20), 0x33, false, false));
        ops.add(new Op(size - 2048, 2048, 0x44, false, false));
        long l2Span = (long) cs * (cs / 8);
        if (l2Span + 8192 < size) ops.add(new Op(l2Span - 4096, 8192, 0x55, false, false));
        for (int i = 0; i < 12; i++) {
            int len = (1 + r.nextInt(16)) * 512;
            long off = (long) (r.nextDouble() * (size - len)) / 512 * 512;
            ops.add(new Op(off, len, 0x60 + i, false, false));
        }
        ops.add(new Op(cs, Math.min(2 * cs, 1 << 20), 0, true, false));
        ops.add(new Op(4L * cs, cs, 0, false, true));
        ops.add(new Op(512, 512, 0x77, false, false));
        return new Workload(ops.stream().filter(op -> op.offset() + op.length() <= size).toList());
    }

    /** What the image must read as: the same requests on a raw file (discarded ranges read zeroes). */
    void applyToRaw(Path raw, long size, int clusterSize, boolean discardUnallocates) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(size);
            for (Op op : ops) {
                long off = op.offset();
                int len = op.length();
                if (op.discard()) {
                    // qcow2 discards whole clusters only
                    long start = (off + clusterSize - 1) / clusterSize * clusterSize;
                    long end = (off + len) / clusterSize * clusterSize;
                    if (end <= start || !discardUnallocates) continue;
                    off = start;
                    len = (int) (end - start);
                }
                byte[] buf = new byte[len];
                if (!op.zero() && !op.discard()) java.util.Arrays.fill(buf, (byte) op.pattern());
                f.seek(off);
                f.write(buf);
            }
        }
    }

    void applyTo(EngineImage img) {
        for (Op op : ops) {
            if (op.discard()) {
                img.discard(op.offset(), op.length());
            } else if (op.zero()) {
                img.writeZeroes(op.offset(), op.length(), false);
            } else {
                byte[] buf = new byte[op.length()];
                java.util.Arrays.fill(buf, (byte) op.pattern());
                img.write(op.offset(), buf);
            }
        }
    }

    List<String> qemuIoArgs() {
        List<String> args = new ArrayList<>();
        for (Op op : ops) {
            args.add("-c");
            args.add(op.qemuIo());
        }
        return args;
    }
}
