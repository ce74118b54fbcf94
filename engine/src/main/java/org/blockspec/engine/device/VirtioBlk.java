package org.blockspec.engine.device;

import org.blockspec.engine.graph.BlockBackend;

/**
 * A virtio-blk-pci guest disk. Its BlockBackend is anonymous and known by the QOM path of
 * the device's inner virtio-blk device, {@code <qom path>/virtio-backend}, as in QEMU.
 *
 * @param id      device id, or null for an anonymous device
 * @param qomPath {@code /machine/peripheral/ID} or {@code /machine/peripheral-anon/device[N]}
 */
public record VirtioBlk(String id, String qomPath, BlockBackend backend, boolean shareRw) {
    public static final String MODEL = "virtio-blk-pci";

    public String backendPath() {
        return backendPath(qomPath);
    }

    public static String backendPath(String qomPath) {
        return qomPath + "/virtio-backend";
    }
}
