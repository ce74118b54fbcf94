package org.blockspec.dsl.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.ScenarioFile;
import org.blockspec.dsl.model.Step;
import org.blockspec.dsl.transcript.QmpNormalizer;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.qmp.QmpJson;

/** What scenario text compiles to, and how mistakes in it are reported. */
class ScenarioCompilerTest {
    static final Path FILE = Path.of("t.scenario");
    final ScenarioCompiler compiler = new ScenarioCompiler(DriverRegistry.load(getClass().getClassLoader()));

    ScenarioFile compile(String text) throws CompileException {
        return compiler.compile(FILE, text);
    }

    String errors(String text) {
        return assertThrows(CompileException.class, () -> compile(text)).rendered();
    }

    @Test
    void compactNodesBecomeTypedBlockdevAdd() throws Exception {
        Scenario s = compile("""
                scenario "x" {
                    node proto file filename=disk.img
                    node disk0 raw file=proto offset=64k size=0x10000 read-only=on cache.direct=on
                    node disk1 raw file={ file node-name=inner filename=/abs/other.img aio=native }
                }
                """).scenarios().getFirst();
        List<JsonNode> args = s.steps().stream()
                .map(st -> QmpNormalizer.normalize(((Step.Qmp) st).arguments(), null)).toList();
        assertEquals(json("{'driver': 'file', 'node-name': 'proto', 'filename': '$DIR/disk.img'}"), args.get(0));
        assertEquals(json("{'driver': 'raw', 'node-name': 'disk0', 'cache': {'direct': true, 'no-flush': false}, "
                + "'read-only': true, 'offset': 65536, 'size': 65536, 'file': 'proto'}"), args.get(1));
        assertEquals(json("{'driver': 'raw', 'node-name': 'disk1', 'file': {'driver': 'file', 'node-name': 'inner', "
                + "'filename': '/abs/other.img', 'aio': 'native'}}"), args.get(2));
    }

    /** Numbers compare by value (a parsed 0 is not an engine-built 0L to Jackson). */
    static JsonNode json(String text) throws Exception {
        return QmpNormalizer.normalize(QmpJson.read(text), null);
    }

    @Test
    void variantsMultiplyAndNameTheirTests() throws Exception {
        ScenarioFile f = compile("""
                feature "f" @a
                scenario "share ${s} on ${n}" @b with s in [on, off], n in [x, y] {
                    node $n null-co
                }
                scenario "plain title" with n in [x, y] {
                    node $n null-co
                }
                """);
        assertEquals(List.of("share on on x", "share on on y", "share off on x", "share off on y",
                        "plain title [n=x]", "plain title [n=y]"),
                f.scenarios().stream().map(Scenario::name).toList());
        assertEquals(List.of("a", "b"), f.scenarios().getFirst().tags());
        assertEquals("y", ((Step.Qmp) f.scenarios().get(1).steps().getFirst()).arguments().get("node-name").asText());
    }

    @Test
    void backgroundStepsComeFirstInEveryScenario() throws Exception {
        ScenarioFile f = compile("""
                background {
                    node n0 null-co
                }
                scenario "a" {
                    node n1 null-co
                }
                scenario "b" {
                    delete node n0
                }
                """);
        assertEquals(2, f.scenarios().get(0).steps().size());
        assertEquals("blockdev-del", ((Step.Qmp) f.scenarios().get(1).steps().get(1)).execute());
    }

    @Test
    void expectErrorAttachesToThePreviousStepAndSkipsItsChecks() throws Exception {
        Scenario s = compile("""
                scenario "x" {
                    node n qcow3 file=nosuch
                    expect error GenericError "Parameter 'driver' does not accept value 'qcow3'"
                    qmp query-block
                    -> return []
                    io n read 0 1
                    expect error matches "read failed: .*"
                }
                """).scenarios().getFirst();
        Outcome.Fails f = assertInstanceOf(Outcome.Fails.class, ((Step.Qmp) s.steps().get(0)).outcome());
        assertEquals("GenericError", f.errorClass());
        assertInstanceOf(Outcome.Returns.class, ((Step.Qmp) s.steps().get(1)).outcome());
        // 'n' was meant not to exist; an io step expected to fail may still name it.
        assertInstanceOf(Outcome.Fails.class, ((Step.QemuIo) s.steps().get(2)).outcome());
    }

    @Test
    void processesGetTheirOwnNames() throws Exception {
        Scenario s = compile("""
                scenario "x" {
                    node n null-co
                    process vm2 {
                        node n null-co
                    }
                }
                """).scenarios().getFirst();
        assertEquals(List.of("main", "vm2"), s.steps().stream().map(Step::process).toList());
    }

    /** Each step is compiled on line 3, after {@code node n0 null-co} on line 2. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            node d qcow3 file=n0                     | 3:12: error: unknown driver 'qcow3'
            node d raw file={ file filname=x }       | 3:28: error: unknown option 'filname' for driver 'file'
            node d raw file={ file filname=x }       | hint: did you mean filename?
            node d raw file=nosuch                   | 3:21: error: unknown node 'nosuch'
            node 1d null-co                          | 3:10: error: '1d' is not a valid node name
            node d null-co size=big                  | 3:25: error: Parameter 'size' expects integer
            node n0 null-co                          | 3:10: error: node 'n0' already exists (line 2)
            device vda virtio-blok drive=n0          | 3:16: error: unknown device model 'virtio-blok'
            device vda virtio-blk drive=x            | 3:33: error: unknown node 'x'
            device vda virtio-blk drive=n0 read-only=on | hint: a device is read-only when its node is
            io vdz read 0 1                          | 3:8: error: unknown device or node 'vdz'
            delete node nope                         | 3:17: error: unknown node 'nope'
            expect perms a -> n0 requires {} shares {}   | 3:18: error: unknown node, device or job 'a'
            expect perms n0 requires {wirte} shares {}   | hint: did you mean write?
            expect graph { n0: rwa }                 | 3:24: error: unknown driver 'rwa'
            image d.img raw 1X                       | 3:21: error: '1X' is not a size
            image d.img qcow3 1M                     | 3:17: error: unknown image format 'qcow3'
            job m1 mirrr device=n0 target=n0 sync=full   | 3:12: error: unknown job type 'mirrr'
            job m1 mirrr device=n0 target=n0 sync=full   | hint: did you mean mirror?
            job m1 mirror device=n0 target=n0 sync=full granularty=64k | 3:49: error: unknown option 'granularty' for mirror jobs
            job m1 mirror device=n0 target=n0 sync=full granularty=64k | hint: did you mean granularity?
            job m1 mirror device=n0 target=nosuch sync=full | 3:36: error: unknown node 'nosuch'
            job m1 mirror device=n0 target=n0 sync=fulll | 3:44: error: Parameter 'sync' does not accept value 'fulll'
            job m1 mirror device=n0 target=n0 sync=full speed=fast | 3:55: error: Parameter 'speed' expects integer
            job m1 mirror job-id=x device=n0 target=n0 sync=full | 3:19: error: the job's id is the word after 'job'
            job 1m mirror device=n0 target=n0 sync=full  | 3:9: error: '1m' is not a valid job id
            job m1 stream device=n0                  | 3:12: error: stream jobs are not available yet
            pause job nosuch                         | 3:15: error: unknown job 'nosuch'
            run until job nosuch ready               | 3:19: error: unknown job 'nosuch'
            run for 2sec                             | 3:13: error: '2sec' is not a duration
            """)
    void mistakesAreReportedWhereTheyAre(String step, String expected) {
        String rendered = errors("scenario \"s\" {\n    node n0 null-co\n    " + step + "\n}\n");
        assertTrue(rendered.contains(expected), rendered);
        assertTrue(rendered.startsWith("t.scenario:3:"), rendered);
    }

    /** Each step is compiled on line 4, after a node on line 2 and a job on line 3. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            paus job m1                              | 4:5: error: unknown job verb 'paus'
            paus job m1                              | hint: did you mean pause?
            set-speed job m1 speed=1                 | 4:5: error: QEMU 7.2 has no job-set-speed
            cancel block-job m1 forse=on             | 4:25: error: unknown option 'forse' for block-job-cancel
            cancel block-job m1 forse=on             | hint: did you mean force?
            cancel job m1 force=on                   | 4:19: error: unknown option 'force' for job-cancel
            set-speed block-job m1 speed=x           | 4:28: error: Parameter 'speed' expects integer
            run until job m1 readdy                  | 4:22: error: unknown job state 'readdy'
            run until job m1 readdy                  | hint: did you mean ready?
            run job m1 for none chunks               | 4:20: error: 'none' is not a number of chunks
            expect job m1 ready ofset=4M             | 4:25: error: unknown job field 'ofset'
            expect job m1 ready ofset=4M             | hint: did you mean offset?
            expect job m1 events { BLOCK_JOB_REDAY }  | 4:28: error: 'BLOCK_JOB_REDAY' is not a job state or event
            expect graph { m1: mirror_top }          | 4:20: error: 'm1' is a job, not a node
            """)
    void jobMistakesAreReportedWhereTheyAre(String step, String expected) {
        String rendered = errors("scenario \"s\" {\n    node n0 null-co\n    job m1 mirror device=n0 target=n0 sync=full\n    "
                + step + "\n}\n");
        assertTrue(rendered.contains(expected), rendered);
        assertTrue(rendered.startsWith("t.scenario:4:"), rendered);
    }

    @Test
    void everyErrorOfAFileAtOnceWithCaretAndHint() {
        String rendered = errors("""
                scenario "a" {
                    node disk0 rwa file=x
                }
                scenario "b" {
                    qmp query-block {"x" 1}
                }
                scenario "a" {
                    node y raw file=dsik0
                }
                """);
        assertEquals("""
                t.scenario:2:16: error: unknown driver 'rwa'
                        node disk0 rwa file=x
                                   ^~~
                  hint: did you mean raw?
                t.scenario:5:26: error: unexpected '1'
                        qmp query-block {"x" 1}
                                             ^
                  hint: expected ':' or end of line
                t.scenario:7:10: error: two scenarios are titled "a"
                    scenario "a" {
                             ^~~
                  hint: titles name the tests; make them unique in the file
                t.scenario:8:21: error: unknown node 'dsik0'
                        node y raw file=dsik0
                                        ^~~~~
                """, rendered);
    }

    @Test
    void expectErrorNeedsAStepBeforeIt() {
        assertTrue(errors("scenario \"s\" {\n    expect error \"x\"\n}\n")
                .contains("2:5: error: 'expect error' must follow the step it is about"));
    }

    @Test
    void unknownParameter() {
        assertTrue(errors("scenario \"s\" with fmt in [raw] {\n    node n $fnt file=x\n}\n")
                .contains("2:12: error: unknown parameter '$fnt'"));
    }
}
