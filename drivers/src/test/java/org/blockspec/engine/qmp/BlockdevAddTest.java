package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * Every blockdev-add refusal with QEMU 7.2's text (recorded from qemu-storage-daemon), and
 * that a refused add leaves the graph, and the process's descriptors, exactly as before.
 */
@ExtendWith(QmpFixtureExtension.class)
class BlockdevAddTest {
    final QmpFixture qmp;
    String img;

    BlockdevAddTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = qmp.image("a.img", 1 << 20);
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s'}", img);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("{'node-name':'n'}", "Parameter 'driver' is missing"),
                Arguments.of("{'driver':'bogus'}", "Parameter 'driver' does not accept value 'bogus'"),
                Arguments.of("{'driver':'null-co'}", "'node-name' must be specified for the root node"),
                Arguments.of("{'driver':'null-co','node-name':'1x'}", "Invalid node-name: '1x'"),
                Arguments.of("{'driver':'null-co','node-name':''}", "Invalid node-name: ''"),
                Arguments.of("{'driver':'null-co','node-name':'#block1'}", "Invalid node-name: '#block1'"),
                Arguments.of("{'driver':'null-co','node-name':'a b'}", "Invalid node-name: 'a b'"),
                Arguments.of("{'driver':'null-co','node-name':'abcdefghijabcdefghijabcdefghijab'}",
                        "Node name too long"),
                Arguments.of("{'driver':'null-co','node-name':'f0'}", "Duplicate nodes with node-name='f0'"),
                Arguments.of("{'driver':'file','node-name':'f1'}", "Parameter 'filename' is missing"),
                Arguments.of("{'driver':'file','node-name':'f1','bogus':1}", "Parameter 'filename' is missing"),
                Arguments.of("{'driver':'file','node-name':'f1','filename':'/x','bogus':1}",
                        "Parameter 'bogus' is unexpected"),
                Arguments.of("{'driver':'file','node-name':'f1','filename':5}",
                        "Invalid parameter type for 'filename', expected: string"),
                Arguments.of("{'driver':'file','node-name':5,'filename':'x'}",
                        "Invalid parameter type for 'node-name', expected: string"),
                Arguments.of("{'driver':'raw','node-name':'r','file':5}",
                        "Invalid parameter type for 'file', expected: BlockdevRef"),
                Arguments.of("{'driver':'raw','node-name':'r','file':null}",
                        "Invalid parameter type for 'file', expected: BlockdevRef"),
                Arguments.of("{'driver':'raw','node-name':'r','file':{'driver':'file'}}",
                        "Parameter 'file.filename' is missing"),
                Arguments.of("{'driver':'raw','node-name':'r','file':{'driver':'file','filename':'/x','aio':'bad'}}",
                        "Parameter 'aio' does not accept value 'bad'"),
                Arguments.of("{'driver':'raw','node-name':'r','file':{'driver':'file','filename':'/x','read-only':'yes'}}",
                        "Invalid parameter type for 'file.read-only', expected: boolean"),
                Arguments.of("{'driver':'raw','node-name':'r','file':{'driver':'file','filename':'/x','bogus':1}}",
                        "Parameter 'file.bogus' is unexpected"),
                Arguments.of("{'driver':'raw','node-name':'r','offset':'1'}", "Parameter 'file' is missing"),
                Arguments.of("{'driver':'raw','node-name':'r','file':'f0','cache':5}",
                        "Invalid parameter type for 'cache', expected: object"),
                Arguments.of("{'driver':'raw','node-name':'r','file':'f0','cache':{'foo':1}}",
                        "Parameter 'cache.foo' is unexpected"),
                Arguments.of("{'driver':'null-co','node-name':'n','size':1.5}",
                        "Invalid parameter type for 'size', expected: integer"),
                Arguments.of("{'driver':'raw','node-name':'r','file':'nosuch'}",
                        "Cannot find device='nosuch' nor node-name='nosuch'"),
                Arguments.of("{'driver':'raw','node-name':'r','file':{'driver':'file','filename':'/nosuch'}}",
                        "Could not open '/nosuch': No such file or directory"),
                Arguments.of("{'driver':'raw','node-name':'r','file':{'driver':'file','filename':'/tmp'}}",
                        "Could not open '/tmp': Is a directory"),
                Arguments.of("{'driver':'raw','node-name':'r','file':'f0','size':2000000}",
                        "The sum of offset (0) and size (2000000) has to be smaller or equal to the  actual size "
                                + "of the containing file (1048576)"),
                Arguments.of("{'driver':'raw','node-name':'r','file':'f0','size':1000}",
                        "Specified size is not multiple of 512"),
                Arguments.of("{'driver':'raw','node-name':'r','file':'f0','offset':2000000}",
                        "Offset (2000000) cannot be greater than size of the containing file (1048576)"),
                Arguments.of("{'driver':'raw','node-name':'r','offset':-1,'file':'f0'}",
                        "Parameter 'offset' expects a non-negative number below 2^64"),
                // QEMU 7.2 aborts here (error_abort in null-co); blockspec refuses with the parser's text.
                Arguments.of("{'driver':'null-co','node-name':'n','size':-1}",
                        "Parameter 'size' expects a non-negative number below 2^64"),
                // Recorded: the nested file inherits force-share and refuses before it opens...
                Arguments.of("{'driver':'raw','node-name':'r3','force-share':true,'file':{'driver':'file','filename':'/nonexistent'}}",
                        "force-share=on can only be used with read-only images"),
                // ...but a read-only nested file opens first, and fails first.
                Arguments.of("{'driver':'raw','node-name':'r3','force-share':true,'file':{'driver':'file','filename':'/nonexistent','read-only':true}}",
                        "Could not open '/nonexistent': No such file or directory"),
                Arguments.of("{'driver':'raw','node-name':'1x','size':1000,'file':'f0'}", "Invalid node-name: '1x'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refusedAddChangesNothing(String arguments, String expected) throws IOException {
        String before = qmp.graphSnapshot();
        long fds = openDescriptors();
        assertEquals(expected, qmp.addError(arguments));
        assertEquals(before, qmp.graphSnapshot());
        assertEquals(fds, openDescriptors(), "a refused add must not leak descriptors");
    }

    @Test
    void forceShareNeedsReadOnly() throws IOException {
        assertEquals("force-share=on can only be used with read-only images", qmp.addError(
                "{'driver':'raw','node-name':'r3','file':{'driver':'file','filename':'%s'},'force-share':true}", img));
        qmp.add("{'driver':'raw','node-name':'r3','read-only':true,'force-share':true,"
                + "'file':{'driver':'file','filename':'%s'}}", img);
    }

    @Test
    void failureAfterNestedOpenClosesTheNestedNode() throws IOException {
        String before = qmp.graphSnapshot();
        long fds = openDescriptors();
        // The nested file node opens, then raw's own check fails: the file node must go again.
        assertEquals("Specified size is not multiple of 512", qmp.addError(
                "{'driver':'raw','node-name':'r','size':1000,'file':{'driver':'file','node-name':'inner','filename':'%s'}}",
                img));
        assertEquals(before, qmp.graphSnapshot());
        assertEquals(fds, openDescriptors());
        // The name is free again.
        qmp.add("{'driver':'file','node-name':'inner','filename':'%s'}", img);
    }

    @Test
    void duplicateNameIsFoundBeforeTheDriverOpens() {
        // QEMU checks the name after nested children opened but before the node's own driver.
        assertEquals("Duplicate nodes with node-name='f0'",
                qmp.addError("{'driver':'raw','node-name':'f0','size':1000,'file':'f0'}"));
    }

    @Test
    void nestedNodesGetAutoNamesAndInheritReadOnly() throws IOException {
        qmp.add("{'driver':'raw','node-name':'r','read-only':true,'file':{'driver':'file','filename':'%s'}}", img);
        String file = qmp.childOf("r", "file");
        org.junit.jupiter.api.Assertions.assertTrue(file.matches("#block\\d{3,}"), file);
        for (var n : qmp.ok("{'execute':'query-named-block-nodes'}")) {
            if (n.get("node-name").asText().equals(file)) assertEquals(true, n.get("ro").asBoolean());
        }
    }

    @Test
    void backingTakesAReferenceAnObjectOrNull() throws IOException {
        qmp.add("{'driver':'null-co','node-name':'base'}");
        String q = qmp.qcow2("q.qcow2", 1 << 20);
        qmp.add("{'driver':'qcow2','node-name':'a','file':{'driver':'file','filename':'%s'},'backing':null,"
                + "'read-only':true}", q);
        assertEquals("Could not open backing file: Cannot find device='nosuch' nor node-name='nosuch'",
                qmp.addError("{'driver':'qcow2','node-name':'b','file':{'driver':'file','filename':'%s'},"
                        + "'backing':'nosuch','read-only':true}", q));
        assertEquals("Invalid parameter type for 'backing', expected: BlockdevRefOrNull",
                qmp.addError("{'driver':'qcow2','node-name':'b','file':'f0','backing':5,'read-only':true}"));
        qmp.add("{'driver':'qcow2','node-name':'c','backing':'base','file':{'driver':'file','filename':'%s'}}",
                qmp.qcow2("c.qcow2", 1 << 20));
        // A backing node created inline is read-only unless it says otherwise, as QEMU's are.
        qmp.add("{'driver':'qcow2','node-name':'d','backing':{'driver':'null-co'},"
                + "'file':{'driver':'file','filename':'%s'}}", qmp.qcow2("d.qcow2", 1 << 20));
        String inlineBacking = qmp.childOf("d", "backing");
        for (var n : qmp.ok("{'execute':'query-named-block-nodes'}")) {
            String name = n.get("node-name").asText();
            if (name.equals(inlineBacking)) assertEquals(true, n.get("ro").asBoolean(), name);
            if (name.equals("base")) assertEquals(false, n.get("ro").asBoolean(), name);
        }
    }

    static long openDescriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
