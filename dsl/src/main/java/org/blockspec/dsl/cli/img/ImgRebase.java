package org.blockspec.dsl.cli.img;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * qemu-img rebase: gives an image another backing file. Safe mode first copies into the
 * image whatever it does not hold itself and reads differently through the new backing
 * file; with -u only the name in the header changes.
 */
@Command(name = "rebase", mixinStandardHelpOptions = true,
        description = "Changes the backing file (qemu-img rebase [-f fmt] [-F backing_fmt] [-u] [-q] [-U] -b backing_file "
                + "filename).")
final class ImgRebase implements Callable<Integer> {
    private static final int SECTOR = 512;

    @Option(names = "-f", paramLabel = "FMT", description = "Image format (default: probed).")
    String format;

    @Option(names = "-b", paramLabel = "BACKING_FILE", description = "The new backing file ('' for none).")
    String backing;

    @Option(names = "-F", paramLabel = "BACKING_FMT", description = "Format of the new backing file.")
    String backingFormat;

    @Option(names = "-u", description = "Unsafe: change the name only, copy nothing.")
    boolean unsafe;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = {"-U", "--force-share"}, description = "Open the backing files with force-share=on.")
    boolean forceShare;

    @Option(names = {"-p", "-t", "-T"}, description = "Progress / cache modes (accepted, no effect).")
    boolean ignored;

    @Parameters(paramLabel = "FILENAME")
    String filename;

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            if (backing == null && !unsafe) {
                throw new ImgSession.Failure("Must specify backing file (-b) or use unsafe mode (-u)\n"
                        + "Try 'blockspec img --help' for more information\n");
            }
            String newName = backing == null ? "" : backing;
            BlockBackend image = s.open(ImgSession.request(filename, format, true, false).withNoBacking(unsafe), true);
            BlockNode top = image.node();
            if (!unsafe) copyDifferences(s, image, newName);
            if (!newName.isEmpty() && backingFormat == null) {
                throw new ImgSession.Failure("Could not change the backing file to '" + newName
                        + "': backing format must be specified");
            }
            try {
                top.driver().changeBackingFile(newName.isEmpty() ? null : newName, backingFormat);
            } catch (BlockException e) {
                throw new ImgSession.Failure("Could not change the backing file to '" + newName + "': " + e.getMessage());
            }
            return 0;
        });
    }

    /** Writes into the image what its old backing chain gives where the new one differs. */
    private void copyDifferences(ImgSession s, BlockBackend image, String newName)
            throws ImgSession.Failure, BlockException {
        BlockNode top = image.node();
        ChildEdge oldEdge = top.backingChild();
        BlockBackend old = oldEdge == null ? null : s.engine.loop().call(() ->
                org.blockspec.engine.image.ImageNodes.backend(s.engine, oldEdge.child(),
                        new Perms(PermSet.of(Perm.CONSISTENT_READ), PermSet.ALL)));
        BlockBackend fresh = null;
        if (!newName.isEmpty()) {
            String path = fullName(newName);
            try {
                fresh = s.open(ImageRequest.of(null, path, backingFormat, true).withForceShare(forceShare), false);
            } catch (ImgSession.Failure f) {
                throw new ImgSession.Failure("Could not open new backing file '" + newName + "': "
                        + f.getMessage().substring(f.getMessage().indexOf(": ") + 2));
            }
        }
        long size = NodeIo.length(top);
        long oldSize = old == null ? 0 : NodeIo.length(old.node());
        long newSize = fresh == null ? 0 : NodeIo.length(fresh.node());
        for (long offset = 0; offset < size; ) {
            long n = Math.min(ImgCompare.IO_BUF_SIZE, size - offset);
            BlockStatus st = top.driver().blockStatus(offset, n);
            n = st.length();
            if (st.data() || st.zero()) {
                offset += n;
                continue;
            }
            boolean oldIsZero = offset >= oldSize;
            if (!oldIsZero) n = Math.min(n, oldSize - offset);
            if (offset < newSize) n = Math.min(n, newSize - offset);
            byte[] a = read(old, offset, n, oldIsZero, "old");
            byte[] b = read(fresh, offset, n, offset >= newSize, "new");
            for (int done = 0; done < n; ) {
                int run = sameRun(a, b, done);
                if (!Arrays.equals(a, done, done + run, b, done, done + run)) {
                    IoResult r = oldIsZero ? image.writeZeroes(offset + done, run, ReqFlags.NONE)
                            : image.write(offset + done, ByteBuffer.wrap(a, done, run), ReqFlags.NONE);
                    if (!r.ok()) throw new ImgSession.Failure("Error while writing to COW image: " + r.error().text());
                }
                done += run;
            }
            offset += n;
        }
    }

    /** From {@code from}, the run of 512-byte sectors that all differ, or all match (compare_buffers). */
    private static int sameRun(byte[] a, byte[] b, int from) {
        boolean differs = sectorDiffers(a, b, from);
        int end = Math.min(a.length, from + SECTOR);
        while (end < a.length && sectorDiffers(a, b, end) == differs) end = Math.min(a.length, end + SECTOR);
        return end - from;
    }

    private static boolean sectorDiffers(byte[] a, byte[] b, int from) {
        int end = Math.min(a.length, from + SECTOR);
        return !Arrays.equals(a, from, end, b, from, end);
    }

    private static byte[] read(BlockBackend b, long offset, long n, boolean zeroes, String which)
            throws ImgSession.Failure {
        byte[] buf = new byte[(int) n];
        if (b == null || zeroes) return buf;
        IoResult r = b.read(offset, ByteBuffer.wrap(buf));
        if (!r.ok()) throw new ImgSession.Failure("error while reading from " + which + " backing file");
        return buf;
    }

    /** The new backing file as the image will resolve it: relative to the image's directory. */
    private String fullName(String name) {
        if (name.startsWith("/") || name.startsWith("json:")) return name;
        int slash = filename.lastIndexOf('/');
        return slash < 0 ? name : filename.substring(0, slash + 1) + name;
    }
}
