package org.blockspec.dsl.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * What a failing scenario reports: the step's file:line, what was expected, what happened,
 * and for graph failures the actual graph as text, DOT and Mermaid.
 */
class ExecutorTest {
    @TempDir Path dir;
    @TempDir Path reports;

    StepFailure run(String body) throws Exception {
        Scenario s = new ScenarioCompiler(DriverRegistry.load(getClass().getClassLoader()))
                .compile(Path.of("x.scenario"), "scenario \"s\" {\n" + body + "\n}\n").scenarios().getFirst();
        try (EmbeddedBackend b = new EmbeddedBackend(dir)) {
            return new Executor(reports).run(s, b);
        }
    }

    static final String DISK = """
                image disk.img raw 1M
                node disk0 raw file={ file filename=disk.img }
            """;

    @Test
    void aPassingScenarioReportsNothing() throws Exception {
        assertNull(run(DISK + """
                device vda virtio-blk drive=disk0
                io vda write -P 0x5a 0 64k
                expect data disk0 0 64k pattern 0x5a
                expect graph exactly {
                    vda -> disk0
                    disk0: raw
                    disk0/file: file
                }
            """));
    }

    @Test
    void graphMismatchShowsTheActualGraphAndWritesDotAndMermaid() throws Exception {
        StepFailure f = run(DISK + """
                expect graph {
                    disk0: null-co
                    disk0/backing: raw
                }
            """);
        assertNotNull(f);
        String r = f.render();
        assertTrue(r.startsWith("x.scenario:4: the graph is not as expected\n    step: expect graph {\n"), r);
        assertTrue(r.contains("line 5: disk0 is a raw node, not null-co"), r);
        assertTrue(r.contains("line 6: disk0/backing: 'disk0' has no child named 'backing'"), r);
        assertTrue(r.contains("actual graph:\n      disk0 -file-> disk0/file  requires {} shares {consistent-read, write, "
                + "write-unchanged, resize}\n      disk0/file: file\n      disk0: raw"), r);
        assertEquals(2, f.artifacts().size());
        String dot = Files.readString(f.artifacts().get(0));
        assertTrue(dot.contains("\"disk0\" -> \"disk0/file\" [label=\"file\\nrequires: \\nshares: consistent read, write, "
                + "write unchanged, resize\"]"), dot);
        assertTrue(Files.readString(f.artifacts().get(1)).startsWith("graph TD\n"));
    }

    @Test
    void exactGraphNamesWhatIsExtra() throws Exception {
        String r = run(DISK + """
                device vda virtio-blk drive=disk0
                expect graph exactly {
                    disk0: raw
                }
            """).render();
        assertTrue(r.contains("not expected: device vda"), r);
        assertTrue(r.contains("not expected: disk0/file"), r);
    }

    @Test
    void permsMismatchShowsExpectedAndActualSets() throws Exception {
        String r = run(DISK + """
                device vda virtio-blk drive=disk0
                expect perms vda -> disk0 requires {consistent-read} shares {consistent-read}
            """).render();
        assertTrue(r.contains("""
                    edge vda -root-> disk0
                    expected: requires {consistent-read} shares {consistent-read}
                    actual:   requires {consistent-read, write} shares {consistent-read, write-unchanged, resize}
                """), r);
    }

    @Test
    void dataMismatchNamesTheFirstDifferingOffset() throws Exception {
        String r = run(DISK + """
                io disk0 write -P 0x11 0 4k
                io disk0 write -P 0x22 1000 1
                expect data disk0 0 4k pattern 0x11
            """).render();
        assertTrue(r.contains("x.scenario:6: data differs at offset 1000 (0x3e8)"), r);
        assertTrue(r.contains("expected byte 0x11, read 0x22"), r);
    }

    @Test
    void unexpectedSuccessAndDifferentErrors() throws Exception {
        String r = run(DISK + """
                node n null-co
                expect error "something"
            """).render();
        assertTrue(r.contains("x.scenario:4: the command succeeded but should have failed"), r);
        r = run(DISK + """
                node disk0 null-co
                expect error GenericError "Duplicate node"
            """).render();
        assertTrue(r.contains("expected: GenericError: \"Duplicate node\""), r);
        assertTrue(r.contains("actual:   GenericError: \"Duplicate nodes with node-name='disk0'\""), r);
    }

    @Test
    void qmpReturnIsMatchedWithHoles() throws Exception {
        assertNull(run("""
                qmp query-version
                -> return {"qemu": {"major": 7, "minor": any number}, "package": matches "blockspec .*"}
            """));
        String r = run("""
                qmp query-version
                -> return {"qemu": {"major": 8}}
            """).render();
        assertTrue(r.contains("return.qemu.major: expected 8, got 7"), r);
    }

    @Test
    void missingEventListsWhatWasSeen() throws Exception {
        String r = run(DISK + """
                device vda virtio-blk drive=disk0
                delete device vda
                expect event DEVICE_DELETED {"device": "vdb"}
            """).render();
        assertTrue(r.contains("no matching DEVICE_DELETED event"), r);
        assertTrue(r.contains("seen:     DEVICE_DELETED {\"device\": \"vda\", \"path\": \"/machine/peripheral/vda\"}"), r);
    }

    @Test
    void qemuIoFailuresAreFailures() throws Exception {
        String r = run(DISK + """
                io disk0 read -P 0x5a 0 512
            """).render();
        assertTrue(r.contains("qemu-io failed\n    step: io disk0 read -P 0x5a 0 512\n    Pattern verification failed at "
                + "offset 0, 512 bytes"), r);
        assertNull(run(DISK + """
                io disk0 read 2M 1
                expect error "read failed: Input/output error"
            """));
    }

    @Test
    void processesAreSeparateEngines() throws Exception {
        assertNull(run(DISK + """
                process vm2 {
                    node disk0 null-co
                    expect graph exactly {
                        disk0: null-co
                    }
                }
                expect graph {
                    disk0: raw
                }
            """));
    }
}
