package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/** device_add / device_del for virtio-blk-pci, with qemu-system-x86_64 7.2's errors and events. */
@ExtendWith(QmpFixtureExtension.class)
class DeviceCommandsTest {
    final QmpFixture qmp;

    DeviceCommandsTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}",
                qmp.image("b.img", 1 << 20));
    }

    String deviceAdd(String args) {
        return qmp.error("{'execute':'device_add','arguments':" + args + "}");
    }

    @Test
    void refusals() {
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vdd','drive':'r0','share-rw':'on'}}");
        String before = qmp.graphSnapshot();
        List<String[]> cases = List.of(
                new String[] {"{'id':'vdx'}", "Parameter 'driver' is missing"},
                new String[] {"{'driver':'nosuchdev','id':'vdx'}", "'nosuchdev' is not a valid device model name"},
                new String[] {"{'driver':5,'id':'v3','drive':'r0'}", "'5' is not a valid device model name"},
                new String[] {"{'driver':'virtio-blk-pci','id':'1bad','drive':'r0'}", "Parameter 'id' expects an identifier"},
                new String[] {"{'driver':'virtio-blk-pci','id':'vdd','drive':'r0'}", "Duplicate device ID 'vdd'"},
                new String[] {"{'driver':'virtio-blk-pci','id':'vdx'}", "drive property not set"},
                new String[] {"{'driver':'virtio-blk-pci','id':'vdx','drive':'r0','read-only':true}",
                        "Property 'virtio-blk-pci.read-only' not found"},
                new String[] {"{'driver':'virtio-blk-pci','id':'vdx','drive':'r0','bogus':1}",
                        "Property 'virtio-blk-pci.bogus' not found"},
                new String[] {"{'driver':'virtio-blk-pci','id':'vdx','drive':'r0','share-rw':'maybe'}",
                        "Parameter 'share-rw' expects 'on' or 'off'"},
                new String[] {"{'driver':'virtio-blk-pci','id':'vdx','drive':'r0','share-rw':1}",
                        "Parameter 'share-rw' expects 'on' or 'off'"},
                new String[] {"{'driver':'virtio-blk-pci','id':'vdx','drive':'nosuch'}",
                        "Property 'virtio-blk-device.drive' can't find value 'nosuch'"},
                new String[] {"{'driver':'virtio-blk','id':'vdx','drive':'r0'}",
                        "Permission conflict on node 'r0': permissions 'write' are both required by block device "
                                + "'/machine/peripheral/vdd/virtio-backend' (uses node 'r0' as 'root' child) and "
                                + "unshared by block device '/machine/peripheral/vdx/virtio-backend' (uses node 'r0' "
                                + "as 'root' child)."});
        for (String[] c : cases) {
            assertEquals(c[1], deviceAdd(c[0]), c[0]);
            assertEquals(before, qmp.graphSnapshot(), c[0]);
        }
    }

    @Test
    void deleteReplyThenEvents() {
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk','id':'vda','drive':'r0'}}");
        assertEquals("Device 'nosuch' not found",
                qmp.errorOfClass("DeviceNotFound", "{'execute':'device_del','arguments':{'id':'nosuch'}}"));
        assertEquals("Parameter 'id' is missing", qmp.error("{'execute':'device_del'}"));
        qmp.ok("{'execute':'device_del','arguments':{'id':'vda'}}");
        qmp.awaitEvent("DEVICE_DELETED");
        qmp.engine().loop().call(() -> null);
        List<JsonNode> events = qmp.events();
        assertEquals(2, events.size(), events.toString());
        assertEquals("{\"path\":\"/machine/peripheral/vda/virtio-backend\"}", events.get(0).get("data").toString());
        assertEquals("{\"device\":\"vda\",\"path\":\"/machine/peripheral/vda\"}", events.get(1).get("data").toString());
        assertEquals("Device 'vda' not found",
                qmp.errorOfClass("DeviceNotFound", "{'execute':'device_del','arguments':{'id':'vda'}}"));
        // The node is free again: blockdev-del works.
        qmp.ok("{'execute':'blockdev-del','arguments':{'node-name':'r0'}}");
    }

    @Test
    void anonymousDevicesGetPeripheralAnonPaths() {
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','drive':'r0','share-rw':true}}");
        qmp.edge("/machine/peripheral-anon/device[0]/virtio-backend", "root");
    }
}
