package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.device.VirtioBlk;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.qemuio.QemuIo;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perms;

/**
 * The HMP pass-through, for its one block-layer use: {@code qemu-io [-d] DEVICE "CMD"}.
 * As in QEMU, errors come back in the reply while qemu-io's results go to the process's
 * standard output. A node name gets a temporary BlockBackend for the command's duration;
 * {@code -d} names a guest device's backend ({@code ID/virtio-backend}).
 */
public final class HumanMonitorCommand implements QmpCommand {
    @Override public String name() { return "human-monitor-command"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("command-line", OptionType.STR),
                OptionField.optional("cpu-index", OptionType.INT));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        List<String> words = words((String) args.get("command-line"));
        StringBuilder reply = new StringBuilder();
        if (words.isEmpty()) return TextNode.valueOf("");
        if (!words.getFirst().equals("qemu-io")) {
            return TextNode.valueOf("unknown command: '" + words.getFirst() + "'\r\n");
        }
        qemuIo(ctx.engine(), words.subList(1, words.size()), line -> reply.append(line).append("\r\n"));
        return TextNode.valueOf(reply.toString());
    }

    private static void qemuIo(Engine engine, List<String> args, java.util.function.Consumer<String> monitor)
            throws BlockException {
        boolean qdev = !args.isEmpty() && args.getFirst().equals("-d");
        List<String> rest = qdev ? args.subList(1, args.size()) : args;
        if (rest.size() != 2) {
            monitor.accept("qemu-io: wrong number of arguments");
            return;
        }
        String device = rest.get(0);
        String command = rest.get(1);
        QemuIo io = new QemuIo(engine.graph(), engine.stdout(), engine.stderr(), monitor);
        if (qdev) {
            VirtioBlk d = engine.devices().byBackendPath(device);
            if (d == null) {
                boolean isDevice = engine.devices().byIdOrPath(device) != null;
                monitor.accept("Error: " + (isDevice ? "Device does not have a block device backend"
                        : "Device '" + device + "' not found"));
                return;
            }
            io.run(d.backend(), command);
            return;
        }
        BlockBackend named = engine.graph().backend(device);
        if (named != null) {
            io.run(named, command);
            return;
        }
        BlockNode node = engine.graph().node(device);
        if (node == null) {
            monitor.accept("Error: Cannot find device='' nor node-name='" + device + "'");
            return;
        }
        BlockBackend tmp = BackendOps.createDirect(engine.graph(), node, Perms.UNUSED);
        try {
            io.run(tmp, command);
        } finally {
            BackendOps.remove(engine.graph(), tmp);
        }
    }

    /** HMP argument words: whitespace separated, double or single quotes group. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            if (i >= n) break;
            char c = line.charAt(i);
            StringBuilder w = new StringBuilder();
            if (c == '"' || c == '\'') {
                i++;
                while (i < n && line.charAt(i) != c) {
                    if (line.charAt(i) == '\\' && i + 1 < n) i++;
                    w.append(line.charAt(i++));
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i))) w.append(line.charAt(i++));
            }
            out.add(w.toString());
        }
        return out;
    }
}
