package org.blockspec.engine.qmp.command;

import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.graph.BackingNames;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.Filenames;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.BackingFile;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.FormatInfo;

/**
 * QAPI's ImageInfo for a node (QEMU's bdrv_query_image_info): what query-named-block-nodes
 * shows as {@code image} and qemu-img info prints. Members are added in QAPI order; the
 * JSON writer puts them in QEMU's QDict order.
 */
public final class ImageInfo {
    private ImageInfo() {
    }

    /** @param flat leave out the backing chain ({@code backing-image}) */
    public static ObjectNode of(BlockNode n, boolean flat) {
        ObjectNode img = JsonNodeFactory.instance.objectNode();
        img.put("filename", Filenames.of(n));
        img.put("format", n.driverName());
        BlockNode infoNode = infoNode(n);
        FormatInfo info = infoNode == null ? null : infoNode.driver().formatInfo();
        if (infoNode != null) img.put("dirty-flag", info != null && info.dirty());
        long allocated = NodeIo.allocatedSize(n);
        if (allocated >= 0) img.put("actual-size", allocated);
        img.put("virtual-size", NodeIo.length(n));
        if (info != null && info.clusterSize() != 0) img.put("cluster-size", info.clusterSize());
        BackingFile backing = BackingNames.recorded(n);
        if (backing != null) {
            img.put("backing-filename", backing.filename());
            String full = BackingNames.full(n);
            if (full != null) img.put("full-backing-filename", full);
            if (backing.format() != null) img.put("backing-filename-format", backing.format());
        }
        // A filter's filtered child shows here too, as QEMU does for backwards compatibility.
        ChildEdge chain = n.filteredOrBackingChild();
        if (!flat && chain != null) img.set("backing-image", of(chain.child(), false));
        FormatInfo own = n.driver().formatInfo(); // bdrv_get_specific_info has no filter fallback
        if (own != null && own.specificType() != null) {
            ObjectNode specific = img.putObject("format-specific");
            specific.put("type", own.specificType());
            ObjectNode data = specific.putObject("data");
            for (Map.Entry<String, Object> e : own.specific().entrySet()) {
                data.set(e.getKey(), QmpJson.MAPPER.valueToTree(e.getValue()));
            }
        }
        return img;
    }

    /** Whose bdrv_get_info answers for {@code n}: its own driver's, or the child it passes the question to. */
    public static BlockNode infoNode(BlockNode n) {
        if (!n.driver().hasImageInfo()) return null;
        ChildEdge below;
        if (n.kind() == DriverKind.FILTER) {
            below = n.filteredOrBackingChild();
            if (below != null && !below.role().isFiltered()) below = null;
        } else if (n.driver().imageInfoFromFile()) {
            below = n.child("file");
        } else {
            return n;
        }
        return below == null ? null : infoNode(below.child());
    }
}
