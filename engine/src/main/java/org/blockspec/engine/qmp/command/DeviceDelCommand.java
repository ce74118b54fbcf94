package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.device.VirtioBlk;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;

/**
 * Unplugs a guest device. The reply comes first; then, as in QEMU once the guest let go,
 * DEVICE_DELETED for the inner virtio backend and for the device itself.
 */
public final class DeviceDelCommand implements QmpCommand {
    @Override public String name() { return "device_del"; }

    @Override public List<OptionField> arguments() {
        return List.of(OptionField.required("id", OptionType.STR));
    }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) throws BlockException {
        String id = (String) args.get("id");
        Engine engine = ctx.engine();
        VirtioBlk d = engine.devices().byIdOrPath(id);
        if (d == null) throw new QmpError(QmpError.DEVICE_NOT_FOUND, "Device '" + id + "' not found");
        engine.devices().unplug(d);
        engine.loop().later(() -> {
            ObjectNode backend = QmpContext.empty();
            backend.put("path", d.backendPath());
            engine.events().emit("DEVICE_DELETED", backend);
            ObjectNode device = QmpContext.empty();
            if (d.id() != null) device.put("device", d.id());
            device.put("path", d.qomPath());
            engine.events().emit("DEVICE_DELETED", device);
        });
        return QmpContext.empty();
    }
}
