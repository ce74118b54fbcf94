package org.blockspec.dsl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.cli.CliProcess;

/** {@code run --shard I/N}, {@code report merge}, and scenarios run side by side with --jobs. */
class ShardTest {
    @TempDir Path dir;

    static final Path LIBRARY = Path.of("../scenarios/library").toAbsolutePath().normalize();

    @Test
    void shardsSplitTheLibraryAndMergeIntoOneReport() throws Exception {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        for (String f : List.of("permissions.scenario", "share-rw.scenario", "reopen.scenario", "data.scenario")) {
            Files.copy(LIBRARY.resolve(f), lib.resolve(f));
        }
        Files.createDirectory(lib.resolve("qmp"));
        Files.copy(LIBRARY.resolve("qmp/share-rw.qmp"), lib.resolve("qmp/share-rw.qmp"));
        CliProcess whole = CliProcess.blockspec(dir, null, "run", "--junit-xml", "whole.xml", "lib");
        assertEquals(0, whole.exit(), whole.stdout());
        Set<String> all = cases(dir.resolve("whole.xml"));
        Set<String> seen = new HashSet<>();
        List<String> args = new ArrayList<>(List.of("report", "merge", "--out", "merged", "--junit-xml", "merged.xml"));
        for (int i = 1; i <= 3; i++) {
            CliProcess r = CliProcess.blockspec(dir, null, "run", "--shard", i + "/3", "--report", "r" + i, "--junit-xml",
                    "j" + i + ".xml", "lib");
            assertEquals(0, r.exit(), r.stdout() + r.stderr());
            Set<String> shard = cases(dir.resolve("j" + i + ".xml"));
            assertTrue(shard.size() >= all.size() / 3 - 1 && shard.size() <= all.size() / 3 + 1, "balanced: " + shard.size());
            for (String c : shard) assertTrue(seen.add(c), c + " ran in two shards");
            assertEquals(shard, cases(dir.resolve("j" + i + ".xml")));
            args.add("r" + i);
            args.add("j" + i + ".xml");
        }
        assertEquals(all, seen, "every scenario ran in exactly one shard");
        CliProcess again = CliProcess.blockspec(dir, null, "run", "--shard", "2/3", "--junit-xml", "again.xml", "lib");
        assertEquals(cases(dir.resolve("j2.xml")), cases(dir.resolve("again.xml")), "the split is the same every time"
                + again.stderr());
        CliProcess merge = CliProcess.blockspec(dir, null, args.toArray(String[]::new));
        assertEquals(0, merge.exit(), merge.stderr());
        assertEquals(all, cases(dir.resolve("merged.xml")));
        assertEquals(all.size(), Results.read(dir.resolve("merged")).size());
        String index = Files.readString(dir.resolve("merged/index.html"));
        assertTrue(index.contains(all.size() + " passed</span>"), index.substring(0, 600));
    }

    @Test
    void recordedDurationsBalanceTheShards() throws Exception {
        StringBuilder src = new StringBuilder();
        for (String n : List.of("a", "b", "c", "d")) src.append("scenario \"").append(n).append("\" {\n    node n0 null-co\n}\n");
        Files.writeString(dir.resolve("four.scenario"), src.toString());
        CliProcess first = CliProcess.blockspec(dir, null, "run", "--report", "rec", "four.scenario");
        assertEquals(0, first.exit());
        // Pretend "c" took 100 s last time: it gets a shard of its own.
        String json = Files.readString(dir.resolve("rec/results.json"));
        Matcher m = Pattern.compile("(\"id\":\"four.scenario :: c\".*?\"nanos\":)\\d+").matcher(json);
        assertTrue(m.find(), json);
        Files.writeString(dir.resolve("durations.json"), m.replaceFirst("$1100000000000"));
        Set<String> one = passed(CliProcess.blockspec(dir, null, "run", "-v", "--shard", "1/2", "--durations",
                "durations.json", "four.scenario"));
        Set<String> two = passed(CliProcess.blockspec(dir, null, "run", "-v", "--shard", "2/2", "--durations",
                "durations.json", "four.scenario"));
        assertEquals(Set.of("c"), one);
        assertEquals(Set.of("a", "b", "d"), two);
    }

    @Test
    void badShardAndDurationsAreRefusedBeforeAnythingRuns() throws Exception {
        Files.writeString(dir.resolve("x.scenario"), "scenario \"x\" {\n    node n0 null-co\n}\n");
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--shard", "4/3", "x.scenario");
        assertEquals(2, r.exit());
        assertEquals("blockspec run: --shard '4/3': I must be between 1 and N\n", r.stderr());
        Files.writeString(dir.resolve("d.json"), "not json");
        r = CliProcess.blockspec(dir, null, "run", "--shard", "1/2", "--durations", "d.json", "x.scenario");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().startsWith("blockspec run: --durations d.json: not a blockspec results file"), r.stderr());
    }

    @Test
    void scenariosRunSideBySideEachInItsOwnDirectory() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--jobs", "2", "--report", "par", LIBRARY.toString());
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        List<ScenarioRun> runs = Results.read(dir.resolve("par"));
        boolean overlap = false;
        for (ScenarioRun a : runs) {
            for (ScenarioRun b : runs) {
                if (a != b && a.started() < b.started() && b.started() < a.started() + a.nanos() / 1_000_000) overlap = true;
            }
        }
        assertTrue(overlap, "with --jobs 2 some scenarios ran at the same time");
    }

    private static Set<String> passed(CliProcess r) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("PASS four.scenario: (\\w)").matcher(r.stdout());
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static Set<String> cases(Path xml) throws Exception {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("<testcase ([^>]*)>").matcher(Files.readString(xml));
        while (m.find()) out.add(attr(m.group(1), "classname") + " :: " + attr(m.group(1), "name"));
        return out;
    }

    private static String attr(String attrs, String name) {
        Matcher m = Pattern.compile("(?:^|\\s)" + name + "=\"([^\"]*)\"").matcher(attrs);
        return m.find() ? m.group(1) : null;
    }
}
