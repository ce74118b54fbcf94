package org.blockspec.dsl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.cli.CliProcess;
import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.exec.ExecutionListener;
import org.blockspec.dsl.exec.Executor;
import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.qmp.QmpJson;

/** {@code blockspec run --report DIR} as a user opens the result: pages, pictures, conflicts, failures. */
class ReportTest {
    @TempDir Path dir;

    static final String CONFLICT = """
            feature "writers" @perms
            background {
                image disk.img raw 1M
                node disk raw file={ file filename=disk.img }
            }
            scenario "two writers" @devices {
                device vda virtio-blk drive=disk
                device vdb virtio-blk drive=disk
                expect error matches "Permission conflict on node 'disk': .*"
                qmp query-block
            }
            scenario "a wrong graph" {
                expect graph {
                    disk: qcow2
                }
            }
            """;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("writers.scenario"), CONFLICT);
    }

    @Test
    void aReportHasASummaryAPagePerScenarioPicturesConflictsAndFailures() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--report", "site", "writers.scenario");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("1 passed, 1 failed"), r.stdout());
        assertTrue(r.stdout().contains("report: site/index.html"), r.stdout());
        String index = Files.readString(dir.resolve("site/index.html"));
        assertTrue(index.contains("1 passed</span>") && index.contains("1 failed</span>"), index);
        assertTrue(index.contains("@perms") && index.contains("@devices") && index.contains("writers.scenario"), index);
        String writers = page("two-writers");
        // background node (raw + file), vda, and the refused vdb: three pictures, each an SVG
        assertEquals(3, count(writers, "<svg "), writers);
        assertTrue(writers.contains("class=\"edge mark-conflict\""), "the edge that requires write is highlighted");
        assertTrue(writers.contains("class=\"edge mark-refused\""), "the refused device's edge is drawn as refused");
        assertTrue(writers.contains("does not share write (refused)"), writers);
        assertTrue(writers.contains("Permission conflict on node &#39;disk&#39;: permissions &#39;write&#39; are both required"
                + " by block device &#39;/machine/peripheral/vda/virtio-backend&#39;"), "QEMU's message is quoted");
        assertTrue(writers.contains("+ device vda") && writers.contains("~ edge disk -file-&gt; disk/file: takes {} → "
                + "{consistent-read, write}"), "the diff against the previous graph");
        assertTrue(writers.contains("<details class=\"qmp\">") && writers.contains("&quot;execute&quot;: &quot;device_add&quot;"),
                "the QMP exchange, collapsed");
        assertTrue(writers.contains("kind-device") && writers.contains("kind-format") && writers.contains("kind-protocol"));
        String wrong = page("a-wrong-graph");
        assertTrue(wrong.contains("<div class=\"versus\">"), wrong);
        assertTrue(Pattern.compile("<h4>actual</h4><pre>[^<]*disk: raw").matcher(wrong).find(), wrong);
        assertTrue(wrong.contains("disk is a raw node, not qcow2"), wrong);
        assertTrue(Files.exists(dir.resolve("site/style.css")) && Files.exists(dir.resolve("site/results.json")));
    }

    @Test
    void picturesAreTheSameFromRunToRun() throws Exception {
        CliProcess.blockspec(dir, null, "run", "--report", "one", "writers.scenario");
        CliProcess.blockspec(dir, null, "run", "--report", "two", "writers.scenario");
        List<String> first = svgs(dir.resolve("one"));
        assertFalse(first.isEmpty());
        assertEquals(first, svgs(dir.resolve("two")));
    }

    @Test
    void aReportDirectoryThatCannotBeWrittenIsSaidAndTheResultsStand() throws Exception {
        Files.writeString(dir.resolve("taken"), "a file, not a directory");
        Files.writeString(dir.resolve("good.scenario"), "scenario \"fine\" {\n    node n0 null-co\n}\n");
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--report", "taken", "good.scenario");
        assertTrue(r.stderr().contains("blockspec run: --report taken: exists and is not a directory; running without a report"),
                r.stderr());
        assertTrue(r.stdout().contains("1 passed, 0 failed"), r.stdout());
        assertEquals(2, r.exit(), "the tests passed but the report asked for is missing");
        assertEquals("a file, not a directory", Files.readString(dir.resolve("taken")));
        CliProcess failing = CliProcess.blockspec(dir, null, "run", "--report", "taken", "writers.scenario");
        assertEquals(1, failing.exit(), "a failing scenario still fails the run");
        assertTrue(failing.stdout().contains("1 passed, 1 failed"), failing.stdout());
    }

    @Test
    void aGraphThatCannotBeDrawnIsListedAsTextWithTheReason() throws Exception {
        var bad = QmpJson.read("{\"nodes\": [{\"id\": 1, \"type\": \"block-driver\", \"name\": \"a\"}],"
                + " \"edges\": [{\"parent\": 1, \"child\": 7, \"name\": \"file\", \"perm\": [], \"shared-perm\": []}]}");
        StringBuilder nodes = new StringBuilder("{\"nodes\": [");
        StringBuilder named = new StringBuilder("[");
        for (int i = 0; i < GraphSvg.MAX_BOXES + 1; i++) {
            nodes.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"type\": \"block-driver\", \"name\": \"n")
                    .append(i).append("\"}");
            named.append(i == 0 ? "" : ", ").append("{\"node-name\": \"n").append(i).append("\", \"drv\": \"null-co\"}");
        }
        var big = QmpJson.read(nodes.append("], \"edges\": []}").toString());
        List<StepRun> steps = List.of(step(1, bad, QmpJson.read("[{\"node-name\": \"a\", \"drv\": \"raw\"}]")),
                step(2, big, QmpJson.read(named.append("]").toString())));
        ScenarioRun run = new ScenarioRun("x :: y", "x.scenario", 1, null, "odd graphs", List.of(), "qemu",
                ScenarioRun.Status.PASSED, 1, 1, steps, null, null);
        ReportSite.write(dir.resolve("site"), List.of(run), null);
        String page = page("odd-graphs");
        assertTrue(page.contains("The graph cannot be drawn: the graph QMP returned cannot be read"), page);
        assertTrue(page.contains("The graph cannot be drawn: 61 nodes are more than a picture shows (at most 60)"), page);
        assertTrue(page.contains("n60: null-co"), "the graph is still there as text");
    }

    private static StepRun step(int line, com.fasterxml.jackson.databind.JsonNode graph,
                                com.fasterxml.jackson.databind.JsonNode named) {
        return new StepRun(line, "qmp something", "main", false, ScenarioRun.Status.PASSED, 1, List.of(), List.of(),
                new StepRun.Snapshot("main", graph, named), null);
    }

    @Test
    void aListenerThatThrowsChangesNoOutcome() throws Exception {
        Scenario s = new ScenarioCompiler(DriverRegistry.load(getClass().getClassLoader())).compile(dir.resolve("w.scenario"),
                CONFLICT).scenarios().getFirst();
        List<String> told = new ArrayList<>();
        ExecutionListener broken = new ExecutionListener() {
            @Override public void stepStarted(Step step) {
                throw new IllegalStateException("report bug");
            }

            @Override public void listenerFailed(RuntimeException error) {
                told.add(error.getMessage());
            }

            @Override public void scenarioFinished(Scenario sc, StepFailure f, long n) {
                told.add(f == null ? "passed" : "failed");
            }
        };
        StepFailure f;
        try (EmbeddedBackend b = new EmbeddedBackend(dir)) {
            f = new Executor(null, broken).run(s, b);
        }
        assertNull(f, "the scenario passes as it does without a listener");
        assertEquals(List.of("report bug", "passed"), told);
    }

    private String page(String slugPart) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("site/scenarios"))) {
            Path p = s.filter(f -> f.getFileName().toString().contains(slugPart)).findFirst().orElseThrow();
            return Files.readString(p);
        }
    }

    static List<String> svgs(Path site) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(site.resolve("scenarios"))) {
            for (Path p : s.sorted().toList()) {
                Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(Files.readString(p));
                while (m.find()) out.add(m.group());
            }
        }
        return out;
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
