package org.blockspec.dsl.cli.img;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.image.BlockMap;
import org.blockspec.engine.io.NodeIo;

/**
 * qemu-img map: runs of the virtual disk with where their data comes from (which layer of
 * the chain, whether data or zeroes, and the host offset when one place holds it).
 */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = "Dumps the image's allocation (qemu-img map [-f fmt] [--output=human|json] [--start-offset=OFFSET] "
                + "[--max-length=LEN] [-U] filename).")
final class ImgMap implements Callable<Integer> {
    private static final long STEP = 1L << 30;

    @Mixin
    ImageArgs image = new ImageArgs();

    @Option(names = {"-s", "--start-offset"}, paramLabel = "OFFSET", description = "Where to start.")
    String startOffset;

    @Option(names = {"-l", "--max-length"}, paramLabel = "LEN", description = "How much to map.")
    String maxLength;

    @Parameters(paramLabel = "FILENAME", description = "The image.")
    String filename;

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            boolean json = image.json();
            long start = 0;
            if (startOffset != null) {
                start = SizeArgument.parse(startOffset);
                if (start < 0) throw new ImgSession.Failure("Invalid start offset specified! You may use k, M, G, T, P or E suffixes for ");
            }
            BlockBackend b = s.open(ImgSession.request(filename, image.format, false, image.forceShare), false);
            long length = NodeIo.length(b.node());
            long end = length;
            if (maxLength != null) {
                long max = SizeArgument.parse(maxLength);
                if (max < 0) throw new ImgSession.Failure("Invalid length specified! You may use k, M, G, T, P or E suffixes for ");
                end = Math.min(length, start + max);
            }
            if (!json) s.out.printf("%-16s%-16s%-16s%s%n", "Offset", "Length", "Mapped to", "File");
            BlockMap.Entry cur = null;
            boolean first = true;
            for (long offset = start; offset < end; ) {
                BlockMap.Entry next = BlockMap.at(s.engine.graph(), b.node(), offset, Math.min(STEP, end - offset));
                offset += next.length();
                if (cur != null && cur.continuedBy(next)) {
                    cur = cur.extendedBy(next);
                    continue;
                }
                if (cur != null) {
                    dump(s, cur, json, first, false);
                    first = false;
                }
                cur = next;
            }
            if (cur != null) dump(s, cur, json, first, true);
            return 0;
        });
    }

    /** qemu-img's dump_map_entry. */
    private static void dump(ImgSession s, BlockMap.Entry e, boolean json, boolean first, boolean last)
            throws ImgSession.Failure {
        if (json) {
            StringBuilder line = new StringBuilder(first ? "[" : "");
            line.append("{ \"start\": ").append(e.start()).append(", \"length\": ").append(e.length())
                    .append(", \"depth\": ").append(e.depth()).append(", \"present\": ").append(e.present())
                    .append(", \"zero\": ").append(e.zero()).append(", \"data\": ").append(e.data());
            if (e.offset() >= 0) line.append(", \"offset\": ").append(e.offset());
            line.append(last ? "}]" : "},");
            s.out.println(line);
            return;
        }
        if (e.data() && e.offset() < 0) throw new ImgSession.Failure("File contains external, encrypted or compressed clusters.");
        if (e.data() && !e.zero()) {
            s.out.printf("%-16s%-16s%-16s%s%n", hex(e.start()), hex(e.length()), hex(e.offset()),
                    e.filename() == null ? "" : e.filename());
        }
    }

    /** C's %#x: no prefix for zero. */
    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
