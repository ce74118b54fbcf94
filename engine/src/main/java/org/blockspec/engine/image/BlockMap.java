package org.blockspec.engine.image;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Filenames;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockStatus;

/**
 * Where the data of a range comes from in a backing chain (qemu-img map's get_block_status):
 * the first layer, from the top, that has data or zeroes for it; the depth of that layer;
 * and where the data lies in a file when one place holds it.
 */
public final class BlockMap {
    /**
     * One run of a map (qemu-img's MapEntry).
     *
     * @param offset   host offset in {@code filename}, or -1
     * @param filename the file holding the data, or null
     */
    public record Entry(long start, long length, int depth, boolean present, boolean zero, boolean data, long offset,
                        String filename) {
        /** Whether {@code next} continues this run (qemu-img merges such entries). */
        public boolean continuedBy(Entry next) {
            return start + length == next.start && depth == next.depth && present == next.present
                    && zero == next.zero && data == next.data && java.util.Objects.equals(filename, next.filename)
                    && (offset < 0 ? next.offset < 0 : next.offset == offset + length);
        }

        public Entry extendedBy(Entry next) {
            return new Entry(start, length + next.length, depth, present, zero, data, offset, filename);
        }
    }

    private BlockMap() {
    }

    public static Entry at(Graph graph, BlockNode top, long offset, long length) {
        BlockNode n = top;
        int depth = 0;
        BlockStatus s;
        while (true) {
            s = NodeIo.blockStatus(n, offset, length);
            length = s.length();
            if (s.data() || s.zero()) break;
            ChildEdge backing = n.backingChild();
            if (backing == null) break;
            n = backing.child();
            depth++;
        }
        String file = null;
        if (s.offsetValid()) {
            BlockNode holder = s.hostNode() == null ? n : graph.node(s.hostNode());
            file = holder == null ? null : Filenames.of(holder);
        }
        return new Entry(offset, length, depth, s.allocated(), s.zero(), s.data(), s.offsetValid() ? s.hostOffset() : -1,
                file);
    }
}
