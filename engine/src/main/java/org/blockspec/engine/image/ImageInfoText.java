package org.blockspec.engine.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpJson;

/**
 * An ImageInfo (as query-named-block-nodes returns it) in words, as QEMU's
 * bdrv_image_info_dump prints it for {@code qemu-img info}, {@code info block -v} and
 * qemu-io's {@code info}.
 */
public final class ImageInfoText {
    private ImageInfoText() {
    }

    /** The whole dump of one image (not its backing images). */
    public static List<String> lines(JsonNode info) {
        List<String> out = new ArrayList<>();
        long size = info.get("virtual-size").asLong();
        out.add("image: " + info.get("filename").asText());
        out.add("file format: " + info.get("format").asText());
        out.add("virtual size: " + HumanSize.of(size) + " (" + size + " bytes)");
        out.add("disk size: " + (info.has("actual-size") ? HumanSize.of(info.get("actual-size").asLong()) : "unavailable"));
        if (info.has("cluster-size")) out.add("cluster_size: " + info.get("cluster-size").asLong());
        if (info.path("dirty-flag").asBoolean(false)) out.add("cleanly shut down: no");
        if (info.has("backing-filename")) {
            String backing = info.get("backing-filename").asText();
            StringBuilder line = new StringBuilder("backing file: ").append(backing);
            if (!info.has("full-backing-filename")) {
                line.append(" (cannot determine actual path)");
            } else if (!backing.equals(info.get("full-backing-filename").asText())) {
                line.append(" (actual path: ").append(info.get("full-backing-filename").asText()).append(')');
            }
            out.add(line.toString());
            if (info.has("backing-filename-format")) {
                out.add("backing file format: " + info.get("backing-filename-format").asText());
            }
        }
        if (info.has("format-specific")) {
            out.add("Format specific information:");
            out.addAll(specific(info));
        }
        return out;
    }

    /** The format-specific part alone (bdrv_image_info_specific_dump), empty when there is none. */
    public static List<String> specific(JsonNode info) {
        List<String> out = new ArrayList<>();
        if (info.has("format-specific")) dump(out, QmpJson.inQDictOrder(info.get("format-specific").get("data")), 1);
        return out;
    }

    /** QEMU's dump_qdict: one "key: value" per line, '-' in keys shown as spaces. */
    private static void dump(List<String> out, JsonNode dict, int level) {
        String indent = "    ".repeat(level);
        for (Map.Entry<String, JsonNode> e : dict.properties()) {
            String key = e.getKey().replace('-', ' ');
            JsonNode v = e.getValue();
            if (v.isObject()) {
                out.add(indent + key + ":");
                dump(out, v, level + 1);
            } else {
                out.add(indent + key + ": " + v.asText());
            }
        }
    }
}
