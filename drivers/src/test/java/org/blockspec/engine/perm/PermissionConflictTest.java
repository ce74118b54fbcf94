package org.blockspec.engine.perm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * Conflicts between parents of one node, with QEMU's message and QEMU's choice of pair
 * (newest parent first), and the read-only rule. Each refused change leaves the graph as it was.
 */
@ExtendWith(QmpFixtureExtension.class)
class PermissionConflictTest {
    final QmpFixture qmp;
    String img;

    PermissionConflictTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = qmp.qcow2("a.qcow2", 1 << 20);
    }

    String device(String id, String drive, boolean shareRw) {
        return String.format("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'%s','drive':'%s',"
                + "'share-rw':%s}}", id, drive, shareRw);
    }

    String refused(String request) {
        String before = qmp.graphSnapshot();
        String desc = qmp.error(request);
        assertEquals(before, qmp.graphSnapshot(), "a refused change must leave the graph as it was");
        return desc;
    }

    @Test
    void secondFormatNodeOnOneFile() {
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s'}", img);
        qmp.add("{'driver':'qcow2','node-name':'q0','file':'f0'}");
        // Observed with QEMU 7.2 (qcow2): conflict #1 of the reference.
        assertEquals("Permission conflict on node 'f0': permissions 'write, resize' are both required by node 'q0' "
                + "(uses node 'f0' as 'file' child) and unshared by node 'q1' (uses node 'f0' as 'file' child).",
                refused("{'execute':'blockdev-add','arguments':{'driver':'qcow2','node-name':'q1','file':'f0'}}"));
        // A raw node on the same file is a filter and shares everything: allowed.
        qmp.add("{'driver':'raw','node-name':'r','file':'f0'}");
    }

    @Test
    void twoWritableDevicesWithoutShareRw() {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}", img);
        qmp.ok(device("vda", "r0", false));
        // Observed with qemu-system-x86_64 7.2.
        assertEquals("Permission conflict on node 'r0': permissions 'write' are both required by block device "
                + "'/machine/peripheral/vda/virtio-backend' (uses node 'r0' as 'root' child) and unshared by block "
                + "device '/machine/peripheral/vdb/virtio-backend' (uses node 'r0' as 'root' child).",
                refused(device("vdb", "r0", false)));
    }

    @Test
    void shareRwOnTheNewDeviceOnlyReversesThePair() {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}", img);
        qmp.ok(device("vda", "r0", false));
        assertEquals("Permission conflict on node 'r0': permissions 'write' are both required by block device "
                + "'/machine/peripheral/vdb/virtio-backend' (uses node 'r0' as 'root' child) and unshared by block "
                + "device '/machine/peripheral/vda/virtio-backend' (uses node 'r0' as 'root' child).",
                refused(device("vdb", "r0", true)));
    }

    @Test
    void shareRwOnBothDevicesIsWhatItFixes() {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}", img);
        qmp.ok(device("vda", "r0", true));
        qmp.ok(device("vdb", "r0", true));
    }

    @Test
    void readOnlyDevicesNeverConflict() {
        qmp.add("{'driver':'raw','node-name':'ro','read-only':true,'file':{'driver':'file','filename':'%s'}}", img);
        qmp.ok(device("v5", "ro", false));
        qmp.ok(device("v6", "ro", false));
    }

    @Test
    void formatNodeOverReadOnlyFile() {
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s','read-only':true}", img);
        // Observed with QEMU 7.2 (rw qcow2 over a read-only file): conflict #6 of the reference.
        assertEquals("Block node is read-only", refused(
                "{'execute':'blockdev-add','arguments':{'driver':'qcow2','node-name':'q','file':'f0'}}"));
    }

    @Test
    void writableDeviceOnRawOverReadOnlyFile() {
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s','read-only':true}", img);
        qmp.add("{'driver':'raw','node-name':'r2','file':'f0'}"); // accepted: nobody writes yet
        assertEquals("Block node is read-only", refused(device("vda", "r2", false)));
    }

    @Test
    void resizeBelowAWindowedRaw() {
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s'}", img);
        qmp.add("{'driver':'raw','node-name':'w','file':'f0','offset':512}");
        assertEquals("Permission conflict on node 'f0': permissions 'resize' are both required by an unnamed block "
                + "device (uses node 'f0' as 'root' child) and unshared by node 'w' (uses node 'f0' as 'file' child).",
                refused("{'execute':'block_resize','arguments':{'node-name':'f0','size':2097152}}"));
    }

    @Test
    void writerOnABackingNodeConflictsOnceTheOverlayHasAWriter() {
        // The talk's point: the backing link shares write while nobody uses the overlay.
        qmp.add("{'driver':'null-co','node-name':'base','size':1048576}");
        qmp.ok(device("vda", "base", true));
        qmp.add("{'driver':'qcow2','node-name':'ov','backing':'base','file':{'driver':'file','filename':'%s'}}", img);
        assertEquals("Permission conflict on node 'base': permissions 'write' are both required by block device "
                + "'/machine/peripheral/vda/virtio-backend' (uses node 'base' as 'root' child) and unshared by node "
                + "'ov' (uses node 'base' as 'backing' child).", refused(device("vdb", "ov", false)));
        qmp.ok(device("vdb", "ov", true)); // share-rw on the overlay's device tolerates the base's writer
    }
}
