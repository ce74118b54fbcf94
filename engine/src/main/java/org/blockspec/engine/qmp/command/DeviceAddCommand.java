package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.device.Devices;
import org.blockspec.engine.device.VirtioBlk;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.NodeNames;
import org.blockspec.engine.qmp.QDictOrder;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.schema.QapiInput;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;

/**
 * Plugs a guest disk. The only model is virtio-blk-pci (alias virtio-blk); like QEMU's it
 * has no read-only property: it is read-only when its node is. Checks come in QEMU's order:
 * model, id, properties, then the drive. There is no PCI topology: {@code bus} and
 * {@code addr} are accepted and ignored.
 */
public final class DeviceAddCommand implements QmpCommand {
    /** Properties of virtio-blk-pci that are accepted; only drive and share-rw matter here. */
    private static final Set<String> IGNORED = Set.of("bus", "addr", "serial", "bootindex", "num-queues",
            "write-cache", "logical_block_size", "physical_block_size", "min_io_size", "opt_io_size",
            "discard_granularity", "iothread", "werror", "rerror", "multifunction", "disable-legacy",
            "disable-modern", "config-wce", "scsi", "request-merging", "queue-size", "seg-max-adjust",
            "discard", "write-zeroes", "max-discard-sectors", "max-write-zeroes-sectors");

    @Override public String name() { return "device_add"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public boolean validatesOwnArguments() { return true; }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        JsonNode driver = raw.get("driver");
        if (driver == null) throw new BlockException("Parameter 'driver' is missing");
        String model = driver.asText();
        if (!model.equals(VirtioBlk.MODEL) && !model.equals("virtio-blk")) {
            throw new BlockException("'" + model + "' is not a valid device model name");
        }
        Devices devices = ctx.engine().devices();
        JsonNode idNode = raw.get("id");
        // QEMU ignores an id that is not a string and creates an anonymous device.
        String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        if (id != null) {
            if (!NodeNames.wellFormed(id)) throw new BlockException("Parameter 'id' expects an identifier");
            if (devices.byId(id) != null) throw new BlockException("Duplicate device ID '" + id + "'");
        }
        String drive = null;
        boolean shareRw = false;
        List<String> keys = new ArrayList<>();
        raw.fieldNames().forEachRemaining(keys::add);
        for (String k : QDictOrder.order(keys)) {
            JsonNode v = raw.get(k);
            switch (k) {
                case "driver", "id" -> { }
                case "drive" -> drive = v.asText();
                case "share-rw" -> shareRw = onOff(k, v);
                default -> {
                    if (!IGNORED.contains(k)) {
                        throw new BlockException("Property '" + VirtioBlk.MODEL + "." + k + "' not found");
                    }
                }
            }
        }
        if (drive == null) throw new BlockException("drive property not set");
        BlockNode node = ctx.engine().graph().lookup(drive);
        if (node == null) {
            throw new BlockException("Property 'virtio-blk-device.drive' can't find value '" + drive + "'");
        }
        devices.plugVirtioBlk(id, node, shareRw);
        return QmpContext.empty();
    }

    private static boolean onOff(String name, JsonNode v) throws BlockException {
        if (v.isBoolean()) return v.booleanValue();
        Boolean b = v.isTextual() ? QapiInput.parseOnOff(v.textValue()) : null;
        if (b == null) throw new BlockException("Parameter '" + name + "' expects 'on' or 'off'");
        return b;
    }
}
