package org.blockspec.dsl.cli.img;

import java.nio.ByteBuffer;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.image.BlockMap;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.IoResult;

/**
 * qemu-img compare: whether two images read the same, walking both by allocation and
 * comparing data sector by sector. Exit status 0 identical, 1 different, 2 error opening,
 * 3 allocation query failed, 4 read error.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compares two images (qemu-img compare [-f fmt] [-F fmt] [-q] [-s] [-U] filename1 filename2).")
final class ImgCompare implements Callable<Integer> {
    static final int IO_BUF_SIZE = 2 << 20;
    private static final int SECTOR = 512;

    @Option(names = "-f", paramLabel = "FMT", description = "Format of the first image.")
    String format1;

    @Option(names = "-F", paramLabel = "FMT", description = "Format of the second image.")
    String format2;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = "-s", description = "Strict: sizes and allocation must match too.")
    boolean strict;

    @Option(names = {"-U", "--force-share"}, description = "Open with force-share=on.")
    boolean forceShare;

    @Option(names = "-p", description = "Progress (accepted; nothing is printed).")
    boolean progress;

    @Parameters(index = "0", paramLabel = "FILENAME1")
    String filename1;

    @Parameters(index = "1", paramLabel = "FILENAME2")
    String filename2;

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            BlockBackend b1;
            BlockBackend b2;
            try {
                b1 = s.open(ImgSession.request(filename1, format1, false, forceShare), false);
                b2 = s.open(ImgSession.request(filename2, format2, false, forceShare), false);
            } catch (ImgSession.Failure f) {
                throw new ImgSession.Failure(f.getMessage(), 2);
            }
            long size1 = NodeIo.length(b1.node());
            long size2 = NodeIo.length(b2.node());
            if (strict && size1 != size2) return say(s, "Strict mode: Image size mismatch!", 1);
            long total = Math.min(size1, size2);
            long offset = 0;
            while (offset < total) {
                BlockMap.Entry e1 = BlockMap.at(s.engine.graph(), b1.node(), offset, size1 - offset);
                BlockMap.Entry e2 = BlockMap.at(s.engine.graph(), b2.node(), offset, size2 - offset);
                long chunk = Math.min(e1.length(), e2.length());
                if (strict && (e1.present() != e2.present() || e1.zero() != e2.zero() || e1.data() != e2.data())) {
                    return say(s, "Strict mode: Offset " + offset + " block status mismatch!", 1);
                }
                if (e1.zero() && e2.zero()) {
                    // both read as zeroes: nothing to compare
                } else if (e1.present() == e2.present()) {
                    if (e1.present()) {
                        chunk = Math.min(chunk, IO_BUF_SIZE);
                        byte[] a = read(s, b1, filename1, offset, chunk);
                        byte[] b = read(s, b2, filename2, offset, chunk);
                        long diff = firstDifferentSector(a, b);
                        if (diff >= 0) return say(s, "Content mismatch at offset " + (offset + diff) + "!", 1);
                    }
                } else {
                    chunk = Math.min(chunk, IO_BUF_SIZE);
                    BlockBackend allocated = e1.present() ? b1 : b2;
                    String name = e1.present() ? filename1 : filename2;
                    Integer r = checkEmpty(s, allocated, name, offset, chunk);
                    if (r != null) return r;
                }
                offset += chunk;
            }
            if (size1 != size2) {
                say(s, "Warning: Image size mismatch!", 0);
                BlockBackend over = size1 > size2 ? b1 : b2;
                String name = size1 > size2 ? filename1 : filename2;
                long end = Math.max(size1, size2);
                while (offset < end) {
                    BlockMap.Entry e = BlockMap.at(s.engine.graph(), over.node(), offset, end - offset);
                    long chunk = e.length();
                    if (e.present() && !e.zero()) {
                        chunk = Math.min(chunk, IO_BUF_SIZE);
                        Integer r = checkEmpty(s, over, name, offset, chunk);
                        if (r != null) return r;
                    }
                    offset += chunk;
                }
            }
            return say(s, "Images are identical.", 0);
        });
    }

    private int say(ImgSession s, String line, int status) {
        if (!quiet) s.out.println(line);
        return status;
    }

    private static byte[] read(ImgSession s, BlockBackend b, String name, long offset, long n) throws ImgSession.Failure {
        byte[] buf = new byte[(int) n];
        IoResult r = b.read(offset, ByteBuffer.wrap(buf));
        if (!r.ok()) {
            throw new ImgSession.Failure("Error while reading offset " + offset + " of " + name + ": " + r.error().text(), 4);
        }
        return buf;
    }

    /** Where the first 512-byte sector that differs starts, or -1 (qemu-img's compare_buffers). */
    static long firstDifferentSector(byte[] a, byte[] b) {
        int mismatch = java.util.Arrays.mismatch(a, b);
        return mismatch < 0 ? -1 : mismatch / SECTOR * SECTOR;
    }

    /** qemu-img's check_empty_sectors: data on one side only must be zeroes. */
    private Integer checkEmpty(ImgSession s, BlockBackend b, String name, long offset, long n) throws ImgSession.Failure {
        byte[] buf = read(s, b, name, offset, n);
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] != 0) return say(s, "Content mismatch at offset " + (offset + i) + "!", 1);
        }
        return null;
    }
}
