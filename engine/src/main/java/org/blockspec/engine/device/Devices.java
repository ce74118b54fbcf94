package org.blockspec.engine.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.spi.BlockException;

/** The guest devices of one engine ("machine"), by id and by QOM path. */
public final class Devices {
    private final Graph graph;
    private final Map<String, VirtioBlk> byPath = new LinkedHashMap<>();
    private int anonymous;

    public Devices(Graph graph) {
        this.graph = graph;
    }

    public List<VirtioBlk> all() {
        return Collections.unmodifiableList(new ArrayList<>(byPath.values()));
    }

    public VirtioBlk byId(String id) {
        return byPath.get(peripheralPath(id));
    }

    /** A device by id or QOM path, as qemu-io -d and other QMP commands name them. */
    public VirtioBlk byIdOrPath(String idOrPath) {
        VirtioBlk d = byPath.get(idOrPath);
        return d != null ? d : byId(idOrPath);
    }

    /** The device whose BlockBackend is {@code path} (e.g. {@code vda/virtio-backend}). */
    public VirtioBlk byBackendPath(String path) {
        for (VirtioBlk d : byPath.values()) {
            if (d.backendPath().equals(path)) return d;
            if (d.id() != null && path.equals(d.id() + "/virtio-backend")) return d;
        }
        return null;
    }

    public static String peripheralPath(String id) {
        return "/machine/peripheral/" + id;
    }

    /**
     * Plugs a virtio-blk disk onto {@code node}. Its backend is attached first taking nothing
     * and sharing everything, then narrowed to the device's permissions, as QEMU does; a
     * conflict in either step leaves the graph as it was.
     */
    public VirtioBlk plugVirtioBlk(String id, BlockNode node, boolean shareRw) throws BlockException {
        String path = id != null ? peripheralPath(id) : "/machine/peripheral-anon/device[" + anonymous + "]";
        BlockBackend b = BackendOps.create(graph, null, VirtioBlk.backendPath(path), node,
                GuestDevicePerms.of(node.readOnly(), true, shareRw));
        VirtioBlk d = new VirtioBlk(id, path, b, shareRw);
        if (id == null) anonymous++;
        byPath.put(path, d);
        return d;
    }

    /** Removes the device and its backend; the node stays with its other users. */
    public void unplug(VirtioBlk d) throws BlockException {
        BackendOps.remove(graph, d.backend());
        byPath.remove(d.qomPath());
    }
}
