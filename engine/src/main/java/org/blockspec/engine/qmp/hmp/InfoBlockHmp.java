package org.blockspec.engine.qmp.hmp;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.image.ImageInfoText;
import org.blockspec.engine.qmp.command.QueryBlockCommand;
import org.blockspec.engine.qmp.command.QueryNamedBlockNodesCommand;

/**
 * {@code info block [-n] [-v] [DEVICE]}: the BlockBackends of query-block in words, or with
 * {@code -n} (or a DEVICE that names no backend) the nodes of query-named-block-nodes.
 */
final class InfoBlockHmp {
    static final String ARGS = "nodes:-n,verbose:-v,device:B?";

    private InfoBlockHmp() {
    }

    static void run(Engine engine, Map<String, Object> args, Consumer<String> monitor) {
        String device = (String) args.get("device");
        boolean verbose = args.containsKey("verbose");
        boolean nodes = args.containsKey("nodes");
        boolean printed = false;
        if (!nodes) {
            List<JsonNode> backends = QueryBlockCommand.blockInfo(engine);
            for (int i = 0; i < backends.size(); i++) {
                JsonNode info = backends.get(i);
                if (device != null && !device.equals(info.get("device").asText())) continue;
                // QEMU separates by position in the list, not by what it printed before.
                if (i > 0) monitor.accept("");
                print(monitor, info, info.get("inserted"), verbose);
                printed = true;
            }
        }
        if ((device == null && !nodes) || printed) return;
        List<JsonNode> all = QueryNamedBlockNodesCommand.nodeInfo(engine, false);
        for (int i = 0; i < all.size(); i++) {
            JsonNode n = all.get(i);
            if (device != null && !device.equals(n.get("node-name").asText())) continue;
            if (i > 0) monitor.accept("");
            print(monitor, null, n, verbose);
        }
    }

    private static void print(Consumer<String> monitor, JsonNode info, JsonNode inserted, boolean verbose) {
        String name;
        if (info != null && !info.get("device").asText().isEmpty()) {
            name = info.get("device").asText();
            if (inserted != null && inserted.has("node-name")) name += " (" + inserted.get("node-name").asText() + ")";
        } else if (inserted != null && inserted.has("node-name")) {
            name = inserted.get("node-name").asText();
        } else {
            name = info != null && info.has("qdev") ? info.get("qdev").asText() : "<anonymous>";
        }
        if (inserted == null) {
            monitor.accept(name + ": [not inserted]");
        } else {
            monitor.accept(name + ": " + inserted.get("file").asText() + " (" + inserted.get("drv").asText()
                    + (inserted.get("ro").asBoolean() ? ", read-only" : "")
                    + (inserted.get("encrypted").asBoolean() ? ", encrypted" : "") + ")");
        }
        if (info != null) {
            if (info.has("qdev")) monitor.accept("    Attached to:      " + info.get("qdev").asText());
            if (info.has("io-status") && !info.get("io-status").asText().equals("ok")) {
                monitor.accept("    I/O status:       " + info.get("io-status").asText());
            }
            if (info.get("removable").asBoolean()) {
                monitor.accept("    Removable device: " + (info.get("locked").asBoolean() ? "" : "not ") + "locked, tray "
                        + (info.path("tray_open").asBoolean() ? "open" : "closed"));
            }
        }
        if (inserted == null) return;
        JsonNode cache = inserted.get("cache");
        monitor.accept("    Cache mode:       " + (cache.get("writeback").asBoolean() ? "writeback" : "writethrough")
                + (cache.get("direct").asBoolean() ? ", direct" : "")
                + (cache.get("no-flush").asBoolean() ? ", ignore flushes" : ""));
        if (inserted.has("backing_file")) {
            monitor.accept("    Backing file:     " + inserted.get("backing_file").asText() + " (chain depth: "
                    + inserted.get("backing_file_depth").asLong() + ")");
        }
        if (!inserted.get("detect_zeroes").asText().equals("off")) {
            monitor.accept("    Detect zeroes:    " + inserted.get("detect_zeroes").asText());
        }
        if (verbose) {
            monitor.accept("");
            monitor.accept("Images:");
            for (JsonNode image = inserted.get("image"); image != null; image = image.get("backing-image")) {
                ImageInfoText.lines(image).forEach(monitor);
            }
        }
    }
}
