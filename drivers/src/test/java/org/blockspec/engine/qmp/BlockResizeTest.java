package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/** block_resize, with qemu-storage-daemon 7.2's refusals; a resize really changes the file. */
@ExtendWith(QmpFixtureExtension.class)
class BlockResizeTest {
    final QmpFixture qmp;
    Path img;

    BlockResizeTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = Path.of(qmp.image("c.img", 1 << 20));
        qmp.add("{'driver':'raw','node-name':'r1','file':{'driver':'file','node-name':'f0','filename':'%s'}}", img);
    }

    String resize(String args) {
        return qmp.error("{'execute':'block_resize','arguments':" + args + "}");
    }

    @Test
    void refusals() throws IOException {
        qmp.add("{'driver':'null-co','node-name':'n0','size':65536}");
        qmp.add("{'driver':'file','node-name':'g0','filename':'%s','read-only':true}", qmp.image("a.img", 1 << 20));
        qmp.add("{'driver':'raw','node-name':'w1','offset':512,'size':4096,'file':{'driver':'file','filename':'%s'}}",
                qmp.image("b.img", 1 << 20));
        assertEquals("Image format driver does not support resize", resize("{'node-name':'n0','size':131072}"));
        assertEquals("Cannot find device='' nor node-name='nosuch'", resize("{'node-name':'nosuch','size':1}"));
        assertEquals("Cannot find device='' nor node-name=''", resize("{'size':1}"));
        assertEquals("Cannot find device='x' nor node-name=''", resize("{'device':'x','size':1}"));
        assertEquals("Image is read-only", resize("{'node-name':'g0','size':2097152}"));
        assertEquals("Cannot resize fixed-size raw disks", resize("{'node-name':'w1','size':8192}"));
        assertEquals("Parameter 'size' is missing", resize("{'node-name':'r1'}"));
    }

    @Test
    void resizeGrowsAndShrinksTheFile() throws IOException {
        qmp.ok("{'execute':'block_resize','arguments':{'node-name':'r1','size':2097152}}");
        assertEquals(2097152, Files.size(img));
        qmp.ok("{'execute':'block_resize','arguments':{'node-name':'r1','size':1000}}");
        assertEquals(1000, Files.size(img));
        // QEMU counts in 512-byte sectors: a 1000-byte file is a 1024-byte node.
        var nodes = qmp.ok("{'execute':'query-named-block-nodes'}");
        for (var n : nodes) assertEquals(1024, n.get("image").get("virtual-size").asLong());
        assertEquals("", qmp.graphSnapshot().contains("root") ? "temporary backend left behind" : "");
    }
}
