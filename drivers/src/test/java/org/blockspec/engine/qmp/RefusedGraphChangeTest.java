package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.blockspec.engine.testing.ImageLocks;
import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * Every run-time graph command, refused: the error is QEMU's, and the graph, each node's
 * read-only state and filename, the image locks and the process's descriptors are exactly as
 * before. The setting has a guest writing through a snapshot overlay, a throttle filter and a
 * quorum, so refusals come from every stage of a change (lookup, options, graph checks,
 * permissions, a later action of a transaction).
 */
@ExtendWith(QmpFixtureExtension.class)
class RefusedGraphChangeTest {
    final QmpFixture qmp;
    final List<String> images = new ArrayList<>();

    RefusedGraphChangeTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        for (String name : List.of("a.img", "b.img", "c.img", "d.img")) images.add(qmp.image(name, 1 << 20));
        qmp.add("{'driver':'raw','node-name':'disk','file':{'driver':'file','node-name':'disk-file','filename':'%s'}}",
                images.get(0));
        qmp.deviceAdd("vda", "disk", false);
        String s1 = qmp.dir().resolve("s1.qcow2").toString();
        images.add(s1);
        qmp.ok("{'execute':'blockdev-snapshot-sync','arguments':{'node-name':'disk','snapshot-file':'%s',"
                + "'snapshot-node-name':'s1'}}", s1);
        qmp.add("{'driver':'raw','node-name':'other','file':{'driver':'file','filename':'%s'}}", images.get(1));
        qmp.ok("{'execute':'object-add','arguments':{'qom-type':'throttle-group','id':'tg0'}}");
        qmp.add("{'driver':'throttle','node-name':'thr','throttle-group':'tg0','file':'other'}");
        qmp.add("{'driver':'quorum','node-name':'qu','vote-threshold':1,'children':[{'driver':'file','filename':'%s'}]}",
                images.get(2));
        qmp.deviceAdd("vdb", "thr", false);
        qmp.add("{'driver':'throttle','node-name':'ro-thr','throttle-group':'tg0','read-only':true,'file':'other'}");
        qmp.add("{'driver':'raw','node-name':'plain','file':{'driver':'file','filename':'%s'}}", images.get(3));
    }

    static Stream<Arguments> refusals() {
        String s1File = "'file':{'driver':'file','filename':'$DIR/s1.qcow2'}";
        return Stream.of(
                Arguments.of("{'execute':'blockdev-reopen','arguments':{'options':[{'node-name':'s1','driver':'qcow2',"
                        + s1File + ",'backing':'disk','read-only':true}]}}",
                        "Read-only block node 's1' cannot support read-write users"),
                Arguments.of("{'execute':'blockdev-reopen','arguments':{'options':[{'node-name':'s1','driver':'qcow2',"
                        + s1File + "}]}}", "backing is missing for 's1'"),
                Arguments.of("{'execute':'blockdev-reopen','arguments':{'options':[{'node-name':'disk','driver':'qcow2',"
                        + "'file':'disk-file'}]}}", "Cannot change the option 'driver'"),
                Arguments.of("{'execute':'blockdev-reopen','arguments':{'options':[{'node-name':'disk-file',"
                        + "'driver':'file','filename':'$DIR/b.img'}]}}", "Cannot change the option 'filename'"),
                Arguments.of("{'execute':'blockdev-reopen','arguments':{'options':[{'node-name':'thr','driver':'throttle',"
                        + "'throttle-group':'tg0','file':'thr'}]}}", "Making 'thr' a file child of 'thr' would create a cycle"),
                Arguments.of("{'execute':'blockdev-reopen','arguments':{'options':[{'node-name':'qu','driver':'quorum',"
                        + "'vote-threshold':1,'children':['x']}]}}",
                        "Block format 'quorum' used by node 'qu' does not support reopening files"),
                // The first entry alone would succeed (and reopen the file read-only); the second fails.
                Arguments.of("{'execute':'blockdev-reopen','arguments':{'options':["
                        + "{'node-name':'other','driver':'raw','read-only':true,'file':{'driver':'file','filename':'$DIR/b.img'}},"
                        + "{'node-name':'thr','driver':'throttle','throttle-group':'nosuch','file':'other'}]}}",
                        "Throttle group 'nosuch' does not exist"),
                Arguments.of("{'execute':'blockdev-snapshot','arguments':{'node':'disk','overlay':'plain'}}",
                        "Node 'disk' is busy: node is used as backing hd of 's1'"),
                Arguments.of("{'execute':'blockdev-snapshot','arguments':{'node':'s1','overlay':'plain'}}",
                        "The overlay does not support backing images"),
                Arguments.of("{'execute':'blockdev-snapshot','arguments':{'node':'s1','overlay':'thr'}}",
                        "The overlay is already in use"),
                Arguments.of("{'execute':'blockdev-snapshot-sync','arguments':{'node-name':'s1',"
                        + "'snapshot-file':'$DIR/s2.qcow2','snapshot-node-name':'other'}}", "New overlay node-name already in use"),
                Arguments.of("{'execute':'transaction','arguments':{'actions':["
                        + "{'type':'blockdev-snapshot-sync','data':{'node-name':'s1','snapshot-file':'$DIR/s2.qcow2','snapshot-node-name':'s2'}},"
                        + "{'type':'abort','data':{}}]}}", "Transaction aborted using Abort action"),
                Arguments.of("{'execute':'transaction','arguments':{'actions':["
                        + "{'type':'blockdev-snapshot-sync','data':{'node-name':'s1','snapshot-file':'$DIR/s3.qcow2','snapshot-node-name':'s3'}},"
                        + "{'type':'blockdev-snapshot','data':{'node':'disk','overlay':'plain'}}]}}",
                        "Node 'disk' is busy: node is used as backing hd of 's1'"),
                Arguments.of("{'execute':'x-blockdev-insert-node','arguments':{'filter':'disk'}}", "Node 'disk' is not a filter"),
                Arguments.of("{'execute':'x-blockdev-insert-node','arguments':{'filter':'ro-thr'}}", "Block node is read-only"),
                Arguments.of("{'execute':'x-blockdev-insert-node','arguments':{'filter':'ro-thr','parent':'s1','child':'file'}}",
                        "'s1' uses '#AUTO' there, but filter 'ro-thr' sits on 'other'"),
                Arguments.of("{'execute':'x-blockdev-remove-node','arguments':{'filter':'ro-thr'}}", "Filter 'ro-thr' has no parents"),
                Arguments.of("{'execute':'x-blockdev-change','arguments':{'parent':'qu','child':'children.0'}}",
                        "The number of children cannot be lower than the vote threshold 1"),
                Arguments.of("{'execute':'x-blockdev-change','arguments':{'parent':'s1','node':'other'}}",
                        "The node s1 does not support adding a child"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refusalChangesNothing(String request, String expected) throws IOException {
        String before = state();
        long fds = openDescriptors();
        String desc = qmp.error(request.replace("$DIR", qmp.dir().toString()));
        assertEquals(expected, desc.replaceAll("#block\\d+", "#AUTO"));
        assertEquals(before, state());
        assertEquals(fds, openDescriptors(), "a refused change must not leak descriptors");
        // And the guest still writes.
        qmp.hmp("qemu-io s1 \"write -P 0x5a 0 4k\"");
        assertEquals("", qmp.takeStderr());
    }

    @Test
    void aSuccessfulReopenAfterARefusedOneStillWorks() throws IOException {
        String before = ImageLocks.exact(images.get(3)).toString();
        qmp.error("{'execute':'blockdev-reopen','arguments':{'options':[{'node-name':'plain','driver':'raw',"
                + "'read-only':true,'file':{'driver':'file','filename':'%s'}},{'node-name':'thr','driver':'throttle',"
                + "'throttle-group':'nosuch','file':'other'}]}}", images.get(3));
        qmp.ok("{'execute':'blockdev-reopen','arguments':{'options':[{'node-name':'plain','driver':'raw','read-only':true,"
                + "'file':{'driver':'file','filename':'%s'}}]}}", images.get(3));
        assertEquals(before, ImageLocks.exact(images.get(3)).toString());
        for (JsonNode n : qmp.ok("{'execute':'query-named-block-nodes','arguments':{'flat':true}}")) {
            if (n.get("node-name").asText().equals("plain")) assertEquals(true, n.get("ro").asBoolean());
        }
        qmp.hmp("qemu-io plain \"write 0 4k\"");
        assertEquals("", qmp.takeStderr());
    }

    /** Graph edges with permissions, every node's read-only state and filename, every image's locks. */
    private String state() throws IOException {
        StringBuilder sb = new StringBuilder(qmp.graphSnapshot()).append('\n');
        for (JsonNode n : qmp.ok("{'execute':'query-named-block-nodes','arguments':{'flat':true}}")) {
            sb.append(n.get("node-name").asText().replaceAll("#block\\d+", "#AUTO")).append(" ro=")
                    .append(n.get("ro")).append(" file=").append(n.get("file").asText()).append('\n');
        }
        for (String img : images) sb.append(img).append(' ').append(ImageLocks.exact(img)).append('\n');
        return sb.toString();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
