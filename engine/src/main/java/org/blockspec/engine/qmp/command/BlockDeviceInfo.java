package org.blockspec.engine.qmp.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.Filenames;
import org.blockspec.engine.io.NodeIo;

/**
 * QAPI's BlockDeviceInfo for a node (query-named-block-nodes items, query-block's
 * {@code inserted}), members added in schema order so the writer orders them as QEMU does.
 */
final class BlockDeviceInfo {
    private BlockDeviceInfo() {
    }

    static ObjectNode of(BlockNode n) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        String filename = Filenames.of(n);
        o.put("file", filename);
        o.put("node-name", n.name());
        o.put("ro", n.readOnly());
        o.put("drv", n.driverName());
        o.put("backing_file_depth", 0);
        o.put("encrypted", false);
        o.put("detect_zeroes", n.options().detectZeroes() != null ? n.options().detectZeroes() : "off");
        for (String k : new String[] {"bps", "bps_rd", "bps_wr", "iops", "iops_rd", "iops_wr"}) o.put(k, 0);
        ObjectNode cache = o.putObject("cache");
        cache.put("writeback", true);
        cache.put("direct", n.cache().direct());
        cache.put("no-flush", n.cache().noFlush());
        o.put("write_threshold", 0);
        o.set("image", imageInfo(n, filename));
        return o;
    }

    private static ObjectNode imageInfo(BlockNode n, String filename) {
        ObjectNode img = JsonNodeFactory.instance.objectNode();
        img.put("filename", filename);
        img.put("format", n.driverName());
        if (n.driver().hasImageInfo()) img.put("dirty-flag", false);
        long allocated = NodeIo.allocatedSize(n);
        if (allocated >= 0) img.put("actual-size", allocated);
        img.put("virtual-size", NodeIo.length(n));
        return img;
    }
}
