package org.blockspec.engine.qmp.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Filenames;

/**
 * QAPI's BlockDeviceInfo for a node (query-named-block-nodes items, query-block's
 * {@code inserted}), members added in schema order so the writer orders them as QEMU does.
 */
final class BlockDeviceInfo {
    private BlockDeviceInfo() {
    }

    /** @param flat without backing chains: depth 0 and no {@code backing-image} */
    static ObjectNode of(BlockNode n, boolean flat) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        String filename = Filenames.of(n);
        o.put("file", filename);
        o.put("node-name", n.name());
        o.put("ro", n.readOnly());
        o.put("drv", n.driverName());
        ChildEdge backing = n.backingChild();
        if (backing != null) o.put("backing_file", Filenames.of(backing.child()));
        int depth = 0;
        for (ChildEdge b = n.filteredOrBackingChild(); !flat && b != null; b = b.child().filteredOrBackingChild()) depth++;
        o.put("backing_file_depth", depth);
        o.put("encrypted", false);
        o.put("detect_zeroes", n.options().detectZeroes() != null ? n.options().detectZeroes() : "off");
        for (String k : new String[] {"bps", "bps_rd", "bps_wr", "iops", "iops_rd", "iops_wr"}) o.put(k, 0);
        ObjectNode cache = o.putObject("cache");
        cache.put("writeback", true);
        cache.put("direct", n.cache().direct());
        cache.put("no-flush", n.cache().noFlush());
        o.put("write_threshold", 0);
        if (!n.dirtyBitmaps().isEmpty()) {
            var list = o.putArray("dirty-bitmaps");
            for (var b : n.dirtyBitmaps().reversed()) { // QEMU lists a node's bitmaps newest first
                ObjectNode info = list.addObject();
                info.put("count", b.count());
                info.put("granularity", b.granularity());
                info.put("recording", b.recording());
                info.put("busy", false);
                info.put("persistent", false);
            }
        }
        o.set("image", ImageInfo.of(n, flat));
        return o;
    }
}
