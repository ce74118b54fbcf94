package org.blockspec.dsl.cli.img;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.image.BlockMap;
import org.blockspec.engine.image.CreateOptions;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.FormatInfo;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.ReqFlags;

/**
 * qemu-img convert: copies what one or more images read as into a new image, in order,
 * leaving out what reads as zeroes where the new image already does, compressing whole
 * clusters with -c.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Converts images (qemu-img convert [-c] [-f fmt] [-O output_fmt] [-o options] [-B backing_file] "
                + "[-n] [-S sparse_size] [-q] [-U] filename [filename2 [...]] output_filename).")
final class ImgConvert implements Callable<Integer> {
    @Option(names = "-f", paramLabel = "FMT", description = "Format of the sources (default: probed).")
    String format;

    @Option(names = "-O", paramLabel = "OUTPUT_FMT", description = "Format of the output (default: raw).")
    String outFormat = "raw";

    @Option(names = "-o", paramLabel = "OPTIONS", description = "Creation options of the output.")
    List<String> options = new ArrayList<>();

    @Option(names = "-c", description = "Compress the output (formats that support it).")
    boolean compress;

    @Option(names = "-B", paramLabel = "BACKING_FILE", description = "Backing file of the output.")
    String backing;

    @Option(names = "-F", paramLabel = "BACKING_FMT", description = "Format of the output's backing file.")
    String backingFormat;

    @Option(names = "-n", description = "Do not create the output; write into the existing one.")
    boolean noCreate;

    @Option(names = "-S", paramLabel = "SPARSE_SIZE", description = "Zero runs at least this long are not written (default 4k; 0: write everything).")
    String sparse = "4k";

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = {"-U", "--force-share"}, description = "Open the sources with force-share=on.")
    boolean forceShare;

    @Option(names = {"-p", "-W"}, description = "Progress / out-of-order writes (accepted; blockspec writes in order, silently).")
    boolean ignored;

    @Option(names = {"-t", "-T", "-m"}, paramLabel = "VALUE", description = "Cache modes and coroutines (accepted, no effect).")
    List<String> ignoredValues = new ArrayList<>();

    @Parameters(paramLabel = "FILENAME", arity = "2..*", description = "Sources, then the output.")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            long sparseBytes = SizeArgument.parse(sparse);
            if (sparseBytes < 0 || sparseBytes % 512 != 0) {
                throw new ImgSession.Failure("Invalid buffer size for sparse output specified. Valid sizes are multiples of "
                        + "512 bytes. You may use k, M, G, T, P or E suffixes for kilobytes, megabytes, gigabytes, "
                        + "terabytes, petabytes and exabytes.");
            }
            String output = files.getLast();
            List<BlockBackend> sources = new ArrayList<>();
            long total = 0;
            for (String f : files.subList(0, files.size() - 1)) {
                BlockBackend b = s.open(ImgSession.request(f, format, false, forceShare), false);
                sources.add(b);
                total += NodeIo.length(b.node());
            }
            String opts = null;
            for (String o : options) {
                if (!CreateOptions.validList(o)) throw new ImgSession.Failure("Invalid option list: " + o);
                opts = opts == null ? o : opts + "," + o;
            }
            if (compress && !noCreate) {
                // Refused before the output exists, as qemu-img does.
                var factory = s.engine.drivers().get(outFormat);
                if (factory != null && !factory.canCompress()) {
                    throw new ImgSession.Failure("Compression not supported for this file format");
                }
                String prealloc = CreateOptions.valueIn(opts, "preallocation");
                if (prealloc != null && !prealloc.equals("off")) {
                    throw new ImgSession.Failure("Compression and preallocation not supported at the same time");
                }
            }
            if (!noCreate) {
                try {
                    ImageCreator.create(s.engine, new ImageCreator.Request(output, outFormat, total, opts, backing,
                            backingFormat, true, true), s.out);
                } catch (BlockException e) {
                    throw new ImgSession.Failure(output + ": error while converting " + outFormat + ": " + e.getMessage());
                }
            }
            // As qemu-img: a new image's backing file is not opened, and then what the sources do not
            // allocate themselves is left to it.
            boolean targetHasBacking = backing != null || CreateOptions.valueIn(opts, "backing_file") != null;
            BlockBackend target = s.open(ImageRequest.of(null, output, outFormat, false)
                    .withNoBacking(targetHasBacking && !noCreate), true);
            if (compress && !target.node().driver().supportsCompressedWrites()) {
                throw new ImgSession.Failure("Compression not supported for this file format");
            }
            FormatInfo info = target.node().driver().formatInfo();
            int cluster = info == null || info.clusterSize() == 0 ? 65536 : (int) info.clusterSize();
            boolean zeroInit = !noCreate && !targetHasBacking;
            if (compress) {
                // Clusters are compressed whole, so one may hold the end of a source and the start of the next.
                new CompressedCopy(s, sources, target, zeroInit, targetHasBacking, cluster, sparseBytes > 0).run();
            } else {
                long outOffset = 0;
                for (BlockBackend src : sources) {
                    copy(s, src, target, outOffset, zeroInit, targetHasBacking, (int) (sparseBytes / 512));
                    outOffset += NodeIo.length(src.node());
                }
            }
            IoResult r = target.flush();
            if (!r.ok()) throw new ImgSession.Failure("error while flushing: " + r.error().text());
            return 0;
        });
    }

    private void copy(ImgSession s, BlockBackend src, BlockBackend target, long base, boolean zeroInit,
                      boolean targetHasBacking, int minSparse) throws ImgSession.Failure {
        long length = NodeIo.length(src.node());
        int alignment = Math.max(Integer.highestOneBit(Math.max(1, minSparse)), 1);
        for (long offset = 0; offset < length; ) {
            BlockMap.Entry e = BlockMap.at(s.engine.graph(), src.node(), offset, length - offset);
            if (targetHasBacking) {
                // Only the source's own layer counts: what it leaves to its backing file is skipped.
                BlockStatus own = NodeIo.blockStatus(src.node(), offset, length - offset);
                if (!own.data() && !own.zero()) {
                    offset += own.length();
                    continue;
                }
                e = new BlockMap.Entry(offset, own.length(), 0, true, own.zero(), own.data(), -1, null);
            }
            long n = Math.min(e.length(), ImgCompare.IO_BUF_SIZE);
            if (e.zero()) {
                if (!zeroInit) {
                    IoResult r = target.writeZeroes(base + offset, n, ReqFlags.NONE.withMayUnmap(true));
                    if (!r.ok()) throw new ImgSession.Failure("error while writing at byte " + (base + offset) + ": " + r.error().text());
                }
                offset += n;
                continue;
            }
            byte[] buf = new byte[(int) n];
            IoResult r = src.read(offset, ByteBuffer.wrap(buf));
            if (!r.ok()) throw new ImgSession.Failure("error while reading at byte " + (base + offset) + ": " + r.error().text());
            write(target, base + offset, buf, zeroInit, minSparse, alignment);
            offset += n;
        }
    }

    /** Writes the parts of {@code buf} that must be written (all of it without a zeroed target). */
    private static void write(BlockBackend target, long offset, byte[] buf, boolean zeroInit, int minSparse, int alignment)
            throws ImgSession.Failure {
        int sectors = (buf.length + 511) / 512;
        int done = 0;
        while (done < sectors) {
            ZeroScan.Run run = zeroInit && minSparse > 0
                    ? ZeroScan.firstRun(buf, done * 512, sectors - done, minSparse, (offset >> 9) + done, alignment)
                    : new ZeroScan.Run(sectors - done, true);
            if (run.allocated()) {
                int from = done * 512;
                int len = Math.min(buf.length - from, run.sectors() * 512);
                IoResult r = target.write(offset + from, ByteBuffer.wrap(buf, from, len), ReqFlags.NONE);
                if (!r.ok()) throw new ImgSession.Failure("error while writing at byte " + (offset + from) + ": " + r.error().text());
            }
            done += run.sectors();
        }
    }
}
