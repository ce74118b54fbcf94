package org.blockspec.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blockspec run} and {@code blockspec check} as a user runs them. */
class RunToolTest {
    @TempDir Path dir;

    @BeforeEach
    void scenarios() throws Exception {
        Files.writeString(dir.resolve("good.scenario"), """
                feature "good ones" @fast
                scenario "a null node" @nodes {
                    node n0 null-co size=1M
                    expect graph exactly {
                        n0: null-co
                    }
                }
                scenario "sizes" @nodes with size in [64k, 1M] {
                    node n0 null-co size=$size
                    qmp query-named-block-nodes
                    -> return [{"node-name": "n0", "image": {"virtual-size": any number}}]
                }
                scenario "devices" @devices {
                    node n0 null-co
                    device vda virtio-blk drive=n0
                }
                """);
        Files.writeString(dir.resolve("bad.scenario"), """
                scenario "wrong expectation" @nodes {
                    node n0 null-co
                    expect graph {
                        n0: raw
                    }
                }
                """);
    }

    @Test
    void runReportsFailuresAndASummaryLine() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--reports", dir.resolve("reports").toString(), ".");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("FAIL bad.scenario: wrong expectation\nbad.scenario:3: the graph is not as "
                + "expected"), r.stdout());
        assertTrue(r.stdout().endsWith("4 passed, 1 failed\n"), r.stdout());
        assertTrue(Files.exists(dir.resolve("reports/bad.scenario/wrong_expectation-line3.dot")), r.stdout());
    }

    @Test
    void tagsSelectAndVerboseListsEveryScenario() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "-v", "--tags", "nodes & fast", "good.scenario");
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals("""
                PASS good.scenario: a null node
                PASS good.scenario: sizes [size=64k]
                PASS good.scenario: sizes [size=1M]
                3 passed, 0 failed
                """, r.stdout());
    }

    @Test
    void failFastSkipsTheRestAndJunitXmlIsWritten() throws Exception {
        Path xml = dir.resolve("out/report.xml");
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--fail-fast", "--junit-xml", xml.toString(),
                "bad.scenario", "good.scenario");
        assertEquals(1, r.exit());
        assertTrue(r.stdout().endsWith("0 passed, 1 failed, 4 skipped\n"), r.stdout());
        String report = Files.readString(xml);
        assertTrue(report.contains("<testsuite name=\"blockspec scenarios\" tests=\"5\" skipped=\"4\" failures=\"1\""), report);
    }

    @Test
    void jobsRunScenariosInParallel() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--jobs", "2", "good.scenario");
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals("4 passed, 0 failed\n", r.stdout());
    }

    @Test
    void checkCompilesWithoutRunning() throws Exception {
        Files.writeString(dir.resolve("typo.scenario"), "scenario \"t\" {\n    node n0 nul-co\n}\n");
        CliProcess r = CliProcess.blockspec(dir, null, "check", ".");
        assertEquals(1, r.exit());
        assertEquals("3 files, 5 scenarios, 1 with errors\n", r.stdout());
        assertEquals("""
                typo.scenario:2:13: error: unknown driver 'nul-co'
                        node n0 nul-co
                                ^~~~~~
                  hint: did you mean null-co?
                """, r.stderr());
        r = CliProcess.blockspec(dir, null, "run", "typo.scenario");
        assertEquals(1, r.exit());
        assertTrue(r.stdout().contains("FAIL typo.scenario: does not compile\ntypo.scenario:2:13"), r.stdout());
        assertTrue(!r.stdout().contains("Exception") && !r.stderr().contains("\tat "), r.stdout() + r.stderr());
    }

    @Test
    void missingPathsAndBadOptions() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "nosuch");
        assertEquals(2, r.exit());
        assertEquals("blockspec run: nosuch: No such file or directory\n", r.stderr());
        r = CliProcess.blockspec(dir, null, "run", "--tags", "a &", ".");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().startsWith("blockspec run: --tags a &: "), r.stderr());
    }
}
