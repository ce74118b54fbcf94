package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/** query-named-block-nodes, query-block and x-debug-query-block-graph against QEMU 7.2's output. */
@ExtendWith(QmpFixtureExtension.class)
class QueryCommandsTest {
    final QmpFixture qmp;
    String img;

    QueryCommandsTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = qmp.image("a.img", 1 << 20);
    }

    @Test
    void namedNodesNewestFirstWithQemusFields() {
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s'}", img);
        qmp.add("{'driver':'raw','node-name':'r','file':'f0','offset':1000}");
        qmp.add("{'driver':'raw','node-name':'r2','file':'f0'}");
        qmp.add("{'driver':'null-co','node-name':'nn','read-zeroes':true}");
        JsonNode list = qmp.ok("{'execute':'query-named-block-nodes'}");
        assertEquals("nn,r2,r,f0", names(list));
        // Recorded from qemu-storage-daemon 7.2 for the same graph (paths substituted).
        String expected = """
                [{"iops_rd": 0, "detect_zeroes": "off", "image": {"virtual-size": 1073741824, "filename": "json:{\\"read-zeroes\\": true, \\"driver\\": \\"null-co\\"}", "format": "null-co", "actual-size": 0}, "iops_wr": 0, "ro": false, "node-name": "nn", "backing_file_depth": 0, "drv": "null-co", "iops": 0, "bps_wr": 0, "write_threshold": 0, "encrypted": false, "bps": 0, "bps_rd": 0, "cache": {"no-flush": false, "direct": false, "writeback": true}, "file": "json:{\\"read-zeroes\\": true, \\"driver\\": \\"null-co\\"}"}, {"iops_rd": 0, "detect_zeroes": "off", "image": {"virtual-size": 1048576, "filename": "IMG", "format": "raw", "actual-size": 0, "dirty-flag": false}, "iops_wr": 0, "ro": false, "node-name": "r2", "backing_file_depth": 0, "drv": "raw", "iops": 0, "bps_wr": 0, "write_threshold": 0, "encrypted": false, "bps": 0, "bps_rd": 0, "cache": {"no-flush": false, "direct": false, "writeback": true}, "file": "IMG"}, {"iops_rd": 0, "detect_zeroes": "off", "image": {"virtual-size": 1048064, "filename": "json:{\\"offset\\": 1000, \\"driver\\": \\"raw\\", \\"file\\": {\\"driver\\": \\"file\\", \\"filename\\": \\"IMG\\"}}", "format": "raw", "actual-size": 0, "dirty-flag": false}, "iops_wr": 0, "ro": false, "node-name": "r", "backing_file_depth": 0, "drv": "raw", "iops": 0, "bps_wr": 0, "write_threshold": 0, "encrypted": false, "bps": 0, "bps_rd": 0, "cache": {"no-flush": false, "direct": false, "writeback": true}, "file": "json:{\\"offset\\": 1000, \\"driver\\": \\"raw\\", \\"file\\": {\\"driver\\": \\"file\\", \\"filename\\": \\"IMG\\"}}"}, {"iops_rd": 0, "detect_zeroes": "off", "image": {"virtual-size": 1048576, "filename": "IMG", "format": "file", "actual-size": 0, "dirty-flag": false}, "iops_wr": 0, "ro": false, "node-name": "f0", "backing_file_depth": 0, "drv": "file", "iops": 0, "bps_wr": 0, "write_threshold": 0, "encrypted": false, "bps": 0, "bps_rd": 0, "cache": {"no-flush": false, "direct": false, "writeback": true}, "file": "IMG"}]""";
        assertEquals(expected.replace("IMG", img), QmpJson.write(list));
    }

    @Test
    void graphIdsAndOrderAsQemuHandsThemOut() throws IOException {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}", img);
        // A second image: on the same one, vda's lock on "write" would refuse the read-only vdc.
        qmp.add("{'driver':'raw','node-name':'ro','read-only':true,'file':{'driver':'file','filename':'%s'}}",
                qmp.image("b.img", 1 << 20));
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vda','drive':'r0'}}");
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vdc','drive':'ro'}}");
        String g = QmpJson.write(qmp.graph()).replaceAll("#block\\d+", "#AUTO");
        // Recorded from qemu-system-x86_64 7.2 for the same commands (auto names masked).
        assertEquals("{\"edges\": [{\"name\": \"file\", \"parent\": 4, \"shared-perm\": [\"resize\", \"write-unchanged\", "
                + "\"consistent-read\"], \"perm\": [\"consistent-read\"], \"child\": 6}, {\"name\": \"file\", \"parent\": 2, "
                + "\"shared-perm\": [\"resize\", \"write-unchanged\", \"consistent-read\"], \"perm\": [\"write\", "
                + "\"consistent-read\"], \"child\": 5}, {\"name\": \"root\", \"parent\": 3, \"shared-perm\": [\"resize\", "
                + "\"write-unchanged\", \"consistent-read\"], \"perm\": [\"consistent-read\"], \"child\": 4}, {\"name\": "
                + "\"root\", \"parent\": 1, \"shared-perm\": [\"resize\", \"write-unchanged\", \"consistent-read\"], "
                + "\"perm\": [\"write\", \"consistent-read\"], \"child\": 2}], \"nodes\": [{\"name\": \"ro\", \"type\": "
                + "\"block-driver\", \"id\": 4}, {\"name\": \"#AUTO\", \"type\": \"block-driver\", \"id\": 6}, {\"name\": "
                + "\"r0\", \"type\": \"block-driver\", \"id\": 2}, {\"name\": \"#AUTO\", \"type\": \"block-driver\", "
                + "\"id\": 5}, {\"name\": \"/machine/peripheral/vdc/virtio-backend\", \"type\": \"block-backend\", "
                + "\"id\": 3}, {\"name\": \"/machine/peripheral/vda/virtio-backend\", \"type\": \"block-backend\", "
                + "\"id\": 1}]}", g);
    }

    @Test
    void queryBlockListsDevices() {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}", img);
        assertEquals(0, qmp.ok("{'execute':'query-block'}").size());
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vda','drive':'r0'}}");
        JsonNode b = qmp.ok("{'execute':'query-block'}").get(0);
        assertEquals("", b.get("device").asText());
        assertEquals("/machine/peripheral/vda/virtio-backend", b.get("qdev").asText());
        assertEquals("unknown", b.get("type").asText());
        assertEquals("ok", b.get("io-status").asText());
        assertEquals("r0", b.get("inserted").get("node-name").asText());
        assertTrue(QmpJson.write(b).startsWith("{\"io-status\": \"ok\", \"device\": \"\", \"locked\": false, "
                + "\"removable\": false, \"inserted\": {"), QmpJson.write(b));
    }

    @Test
    void actualSizeFollowsTheHostFile() {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}", img);
        qmp.ok("{'execute':'human-monitor-command','arguments':{'command-line':'qemu-io r0 \"write 0 64k\"'}}");
        JsonNode r0 = qmp.ok("{'execute':'query-named-block-nodes'}").get(0);
        assertEquals(65536, r0.get("image").get("actual-size").asLong());
    }

    static String names(JsonNode list) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : list) sb.append(sb.isEmpty() ? "" : ",").append(n.get("node-name").asText());
        return sb.toString();
    }
}
