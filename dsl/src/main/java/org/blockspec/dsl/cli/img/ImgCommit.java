package org.blockspec.dsl.cli.img;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.graph.BackingNames;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.image.ImageNodes;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * qemu-img commit: what the image and the images between it and its base hold is written
 * into the base; then the image is emptied, unless -d is given or a base other than the
 * immediate backing file was chosen with -b.
 */
@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "Commits an image into its backing file (qemu-img commit [-q] [-f fmt] [-b base] [-d] filename).")
final class ImgCommit implements Callable<Integer> {
    @Option(names = "-f", paramLabel = "FMT", description = "Image format (default: probed).")
    String format;

    @Option(names = "-b", paramLabel = "BASE", description = "Commit down to this image of the chain (implies -d).")
    String base;

    @Option(names = "-d", description = "Do not empty the image afterwards.")
    boolean keep;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = {"-p", "-t"}, description = "Progress / cache mode (accepted, no effect).")
    boolean ignored;

    @Parameters(paramLabel = "FILENAME")
    String filename;

    /** One image of the chain as the commit reopens it. */
    private record Layer(String file, String format) {
    }

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            List<Layer> chain = chain(s);
            if (chain.size() < 2) throw new ImgSession.Failure("Image does not have a backing file");
            int baseIndex = base == null ? 1 : find(chain);
            if (baseIndex < 0) {
                throw new ImgSession.Failure("Did not find '" + base + "' in the backing chain of '" + filename + "'");
            }
            boolean empty = !keep && base == null;
            List<BlockNode> opened = new ArrayList<>();
            try {
                Layer b = chain.get(baseIndex);
                BlockNode baseNode = ImageNodes.open(s.engine, ImageRequest.of(null, b.file(), b.format(), false));
                opened.add(baseNode);
                BlockNode below = baseNode;
                for (int i = baseIndex - 1; i >= 0; i--) {
                    Layer l = chain.get(i);
                    boolean writable = i == 0 && empty;
                    below = ImageNodes.open(s.engine, ImageRequest.of(null, l.file(), l.format(), !writable)
                            .withBacking(below.name()));
                    opened.add(below);
                }
                commit(s, below, baseNode);
                if (empty) below.driver().makeEmpty();
            } catch (BlockException e) {
                throw new ImgSession.Failure(e.getMessage());
            } finally {
                for (BlockNode n : opened.reversed()) s.closeQuietly(n);
            }
            if (!quiet) s.out.println("Image committed.");
            return 0;
        });
    }

    /** The image and its backing chain, top first, as file names and formats. */
    private List<Layer> chain(ImgSession s) throws ImgSession.Failure, BlockException {
        BlockBackend top = s.open(ImgSession.request(filename, format, false, false), false);
        List<Layer> out = new ArrayList<>();
        for (BlockNode n = top.node(); n != null; ) {
            // A node no plain file name opens again (a blkdebug below, say) is reopened from its json: name.
            out.add(new Layer(org.blockspec.engine.graph.Filenames.of(n), n.driverName()));
            ChildEdge backing = n.backingChild();
            n = backing == null ? null : backing.child();
        }
        s.close(top);
        return out;
    }

    /** QEMU's bdrv_find_backing_image: by the name as given, or the same file. */
    private int find(List<Layer> chain) {
        for (int i = 1; i < chain.size(); i++) {
            String f = chain.get(i).file();
            if (f == null) continue;
            if (f.equals(base) || canonical(f).equals(canonical(base))) return i;
        }
        return -1;
    }

    private static String canonical(String path) {
        try {
            return new File(path).getCanonicalPath();
        } catch (IOException e) {
            return path;
        }
    }

    /** Copies every range allocated above {@code base} from the top of the chain into it. */
    private static void commit(ImgSession s, BlockNode top, BlockNode base) throws BlockException, ImgSession.Failure {
        BlockBackend from = ImageNodes.backend(s.engine, top, new Perms(PermSet.of(Perm.CONSISTENT_READ), PermSet.ALL));
        BlockBackend into = ImageNodes.backend(s.engine, base,
                new Perms(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE, Perm.RESIZE), PermSet.ALL));
        try {
            long length = NodeIo.length(top);
            if (NodeIo.length(base) < length) into.truncate(length);
            for (long offset = 0; offset < length; ) {
                long n = Math.min(ImgCompare.IO_BUF_SIZE, length - offset);
                BlockStatus above = allocatedAbove(top, base, offset, n);
                if (above == null) {
                    offset += unallocatedRun(top, base, offset, n);
                    continue;
                }
                long run = above.length();
                if (above.zero()) {
                    // Copied as zeroes, as QEMU's mirror-based commit does, so the base need not allocate.
                    check(into.writeZeroes(offset, run, org.blockspec.engine.spi.ReqFlags.NONE), "write");
                } else {
                    ByteBuffer buf = ByteBuffer.allocate((int) run);
                    check(from.read(offset, buf.duplicate()), "read");
                    check(into.write(offset, buf, org.blockspec.engine.spi.ReqFlags.NONE), "write");
                }
                offset += run;
            }
            check(into.flush(), "flush");
        } finally {
            org.blockspec.engine.graph.BackendOps.remove(s.engine.graph(), from);
            org.blockspec.engine.graph.BackendOps.remove(s.engine.graph(), into);
        }
    }

    /** The status of the first layer above {@code base} that holds the range, or null when none does. */
    private static BlockStatus allocatedAbove(BlockNode top, BlockNode base, long offset, long n) {
        long length = n;
        for (BlockNode layer = top; layer != base && layer != null; ) {
            BlockStatus st = NodeIo.blockStatus(layer, offset, length);
            if (st.allocated() && (st.data() || st.zero())) return st;
            length = Math.min(length, st.length());
            ChildEdge backing = layer.backingChild();
            layer = backing == null ? null : backing.child();
        }
        return null;
    }

    /** How many bytes from {@code offset} no layer above {@code base} holds. */
    private static long unallocatedRun(BlockNode top, BlockNode base, long offset, long n) {
        long length = n;
        for (BlockNode layer = top; layer != base && layer != null; ) {
            length = Math.min(length, NodeIo.blockStatus(layer, offset, length).length());
            ChildEdge backing = layer.backingChild();
            layer = backing == null ? null : backing.child();
        }
        return length;
    }

    private static void check(IoResult r, String what) throws ImgSession.Failure {
        if (!r.ok()) throw new ImgSession.Failure("Block job failed: " + r.error().text());
    }
}
