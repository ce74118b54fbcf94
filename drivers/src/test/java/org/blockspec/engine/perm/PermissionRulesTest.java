package org.blockspec.engine.perm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * The permissions every kind of edge ends up with, as x-debug-query-block-graph shows them.
 * Rows marked "observed" are QEMU 7.2's recorded edge tables; the device rows follow QEMU's
 * hw/block/block.c (confirmed on qemu-system-x86_64 7.2); the format rows use real qcow2 images.
 */
@ExtendWith(QmpFixtureExtension.class)
class PermissionRulesTest {
    final QmpFixture qmp;
    String img;

    PermissionRulesTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = qmp.qcow2("a.qcow2", 1 << 20);
        qmp.image("b.img", 1 << 20);
    }

    record Row(String name, List<String> setup, String parent, String child, String perm, String shared) {
        @Override public String toString() { return name; }
    }

    static Row row(String name, String parent, String child, String perm, String shared, String... setup) {
        return new Row(name, List.of(setup), parent, child, perm, shared);
    }

    static final String VDA = "/machine/peripheral/vda/virtio-backend";
    static final String FILE = "{'driver':'file','node-name':'f0','filename':'%a'}";
    static final String ALL = "resize,write-unchanged,write,consistent-read";

    static Stream<Row> rows() {
        return Stream.of(
                row("observed: raw (plain) -> file, no users", "r", "file", "", ALL,
                        FILE, "{'driver':'raw','node-name':'r','file':'f0'}"),
                row("observed: raw with offset -> file, no users", "r", "file", "",
                        "write-unchanged,write,consistent-read",
                        FILE, "{'driver':'raw','node-name':'r','file':'f0','offset':512}"),
                row("observed: rw qcow2 -> file, no users", "q", "file", "resize,write,consistent-read",
                        "write-unchanged,consistent-read",
                        FILE, "{'driver':'qcow2','node-name':'q','file':'f0'}"),
                row("observed: read-only qcow2 -> file", "q", "file", "consistent-read",
                        "write-unchanged,consistent-read",
                        FILE, "{'driver':'qcow2','node-name':'q','file':'f0','read-only':true}"),
                row("observed: qcow2 -> backing, overlay unused", "q", "backing", "", ALL,
                        FILE, "{'driver':'null-co','node-name':'base'}",
                        "{'driver':'qcow2','node-name':'q','file':'f0','backing':'base'}"),
                row("guest device -> raw", VDA, "root", "write,consistent-read",
                        "resize,write-unchanged,consistent-read",
                        FILE, "{'driver':'raw','node-name':'r','file':'f0'}", "device vda r"),
                row("raw under a guest device -> file", "r", "file", "write,consistent-read",
                        "resize,write-unchanged,consistent-read",
                        FILE, "{'driver':'raw','node-name':'r','file':'f0'}", "device vda r"),
                row("raw with offset under a guest device -> file", "r", "file", "write,consistent-read",
                        "write-unchanged,consistent-read",
                        FILE, "{'driver':'raw','node-name':'r','file':'f0','offset':512}", "device vda r"),
                row("guest device on a read-only node", VDA, "root", "consistent-read",
                        "resize,write-unchanged,consistent-read",
                        FILE, "{'driver':'raw','node-name':'r','file':'f0','read-only':true}", "device vda r"),
                row("guest device with share-rw", VDA, "root", "write,consistent-read", ALL,
                        FILE, "{'driver':'raw','node-name':'r','file':'f0'}", "device vda r share-rw"),
                row("qcow2 under a device -> backing (device unshares write)", "q", "backing",
                        "consistent-read", "write-unchanged,consistent-read",
                        FILE, "{'driver':'null-co','node-name':'base'}",
                        "{'driver':'qcow2','node-name':'q','file':'f0','backing':'base'}", "device vda q"),
                row("observed: qcow2 -> backing, overlay user shares write", "q", "backing",
                        "consistent-read", ALL,
                        FILE, "{'driver':'null-co','node-name':'base'}",
                        "{'driver':'qcow2','node-name':'q','file':'f0','backing':'base'}", "device vda q share-rw"),
                row("force-share child: every edge into it shares all", "q", "file", "consistent-read", ALL,
                        "{'driver':'file','node-name':'f0','filename':'%a','read-only':true,'force-share':true}",
                        "{'driver':'qcow2','node-name':'q','file':'f0','read-only':true}"),
                row("nested force-share is inherited", "q", "file", "consistent-read", ALL,
                        "{'driver':'qcow2','node-name':'q','read-only':true,'force-share':true,"
                                + "'file':{'driver':'file','filename':'%a'}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void edgePermissions(Row r) {
        for (String step : r.setup()) {
            if (step.startsWith("device ")) {
                String[] w = step.split(" ");
                qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'%s','drive':'%s',"
                        + "'share-rw':%s}}", w[1], w[2], w.length > 3);
            } else {
                qmp.add(step.replace("%a", img));
            }
        }
        JsonNode e = qmp.edge(r.parent(), r.child());
        assertEquals(r.perm(), join(e.get("perm")), "perm of " + r.parent() + " -[" + r.child() + "]->");
        assertEquals(r.shared(), join(e.get("shared-perm")), "shared of " + r.parent() + " -[" + r.child() + "]->");
    }

    static String join(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }
}
