package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/** blockdev-del's five refusals, in QEMU's order, and what a successful delete releases. */
@ExtendWith(QmpFixtureExtension.class)
class BlockdevDelTest {
    final QmpFixture qmp;
    String img;

    BlockdevDelTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = qmp.image("a.img", 1 << 20);
    }

    String del(String name) {
        return qmp.error("{'execute':'blockdev-del','arguments':{'node-name':'%s'}}", name);
    }

    @Test
    void unknownNode() {
        assertEquals("Failed to find node with node-name='nosuch'", del("nosuch"));
    }

    @Test
    void argumentsAreChecked() {
        assertEquals("Parameter 'node-name' is missing", qmp.error("{'execute':'blockdev-del'}"));
        assertEquals("Parameter 'x' is unexpected",
                qmp.error("{'execute':'blockdev-del','arguments':{'node-name':'r1','x':1}}"));
        assertEquals("Invalid parameter type for 'node-name', expected: string",
                qmp.error("{'execute':'blockdev-del','arguments':{'node-name':null}}"));
    }

    @Test
    void nodeUnderADeviceIsInUse() {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}", img);
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vda','drive':'r0'}}");
        assertEquals("Node r0 is in use", del("r0"));
    }

    @Test
    void blockedNodeIsBusy() throws Exception {
        qmp.add("{'driver':'null-co','node-name':'n0'}");
        // Jobs and backing links block nodes; here the engine's op-blocker API stands in for them.
        var engine = qmp.engine();
        engine.loop().call(() -> GraphChange.apply(engine.graph(), tran -> {
            engine.graph().blockAll(engine.graph().node("n0"),
                    new org.blockspec.engine.graph.OpBlockers.Reason("block device is in use by block job: mirror"), tran);
            return null;
        }));
        assertEquals("Node 'n0' is busy: block device is in use by block job: mirror", del("n0"));
    }

    @Test
    void nestedNodesAreNotTheMonitors() {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','node-name':'f0','filename':'%s'}}", img);
        assertEquals("Node f0 is not owned by the monitor", del("f0"));
        String auto = qmp.childOf("r0", "file");
        qmp.ok("{'execute':'blockdev-del','arguments':{'node-name':'r0'}}");
        // Deleting the parent released the nested node too.
        assertEquals("Failed to find node with node-name='f0'", del("f0"));
        assertFalse(qmp.graphSnapshot().contains(auto));
    }

    @Test
    void referencedNodeIsInUseUntilItsParentGoes() {
        qmp.add("{'driver':'file','node-name':'g0','filename':'%s','read-only':true}", img);
        qmp.add("{'driver':'raw','node-name':'r2','file':'g0'}");
        assertEquals("Block device g0 is in use", del("g0"));
        qmp.ok("{'execute':'blockdev-del','arguments':{'node-name':'r2'}}");
        qmp.ok("{'execute':'blockdev-del','arguments':{'node-name':'g0'}}");
        assertEquals("", qmp.graphSnapshot());
    }

    @Test
    void checksComeInQemusOrder() {
        // A node that is both under a device and referenced by another node reports the device first.
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s'}", img);
        qmp.add("{'driver':'raw','node-name':'r0','file':'f0'}");
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vda','drive':'f0','share-rw':true}}");
        assertEquals("Node f0 is in use", del("f0"));
    }
}
