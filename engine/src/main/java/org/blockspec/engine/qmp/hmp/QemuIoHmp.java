package org.blockspec.engine.qmp.hmp;

import java.util.Map;
import java.util.function.Consumer;

import org.blockspec.engine.Engine;
import org.blockspec.engine.device.VirtioBlk;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.qemuio.QemuIo;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Perms;

/**
 * {@code qemu-io [-d] DEVICE "CMD"}. As in QEMU, errors and qemu_printf output come back on
 * the monitor while qemu-io's results go to the process's standard output. A node name gets
 * a temporary BlockBackend for the command's duration; {@code -d} names a guest device's
 * backend ({@code ID/virtio-backend}).
 */
final class QemuIoHmp {
    static final String ARGS = "qdev:-d,device:B,command:s";

    private QemuIoHmp() {
    }

    static void run(Engine engine, Map<String, Object> args, Consumer<String> monitor) throws BlockException {
        String device = (String) args.get("device");
        String command = (String) args.get("command");
        QemuIo io = new QemuIo(engine.graph(), engine.stdout(), engine.stderr(), monitor, monitor);
        if (args.containsKey("qdev")) {
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
}
