package org.blockspec.dsl.cucumber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.cli.CliProcess;

/** {@code blockspec run} on .feature files, beside .scenario files, as a user runs it. */
class FeatureRunTest {
    @TempDir Path dir;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("disks.feature"), """
                @disks
                Feature: Disks
                  Background:
                    Given a raw image disk.img of 1M

                  @fast
                  Scenario: a raw disk
                    Given a raw node disk on image disk.img
                    And a virtio-blk device vda on disk
                    Then the graph is:
                      | node      | driver | parent |
                      | disk      | raw    | vda    |
                      | disk/file | file   |        |

                  Scenario: a refused second writer
                    Given a raw node disk on image disk.img
                    And a virtio-blk device vda on disk
                    When a virtio-blk device vdb on disk
                    Then it fails with an error matching "Permission conflict on node 'disk': .*"

                  Scenario Outline: a <fmt> disk of <size>
                    Given a <fmt> image other.img of <size>
                    And a <fmt> node other on image other.img
                    Then other reads zeroes

                    Examples:
                      | fmt   | size |
                      | raw   | 64k  |
                      | qcow2 | 1M   |
                """);
        Files.writeString(dir.resolve("wrong.feature"), """
                Feature: Wrong
                  Scenario: a wrong driver is found where it is checked
                    Given a null-co node n0
                    Then the graph is:
                      | node | driver |
                      | n0   | raw    |
                    And n0 reads zeroes
                """);
        Files.writeString(dir.resolve("plain.scenario"), """
                scenario "a null node" @fast {
                    node n0 null-co
                }
                """);
    }

    @Test
    void featuresRunBesideScenariosWithTheSameConsoleOutput() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "-v", "--reports", "reports", ".");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().startsWith("PASS plain.scenario: a null node\n"), r.stdout());
        assertTrue(r.stdout().contains("PASS disks.feature: a raw disk\n"), r.stdout());
        assertTrue(r.stdout().contains("PASS disks.feature: a refused second writer\n"), r.stdout());
        // Outline rows are named after their values.
        assertTrue(r.stdout().contains("PASS disks.feature: a raw disk of 64k\n"), r.stdout());
        assertTrue(r.stdout().contains("PASS disks.feature: a qcow2 disk of 1M\n"), r.stdout());
        assertTrue(r.stdout().contains("""
                FAIL wrong.feature: a wrong driver is found where it is checked
                wrong.feature:4: the graph is not as expected
                    step: Then the graph is:
                    line 6: n0 is a null-co node, not raw
                """), r.stdout());
        assertTrue(r.stdout().endsWith("5 passed, 1 failed\n"), r.stdout());
        assertTrue(Files.exists(dir.resolve("reports/wrong.feature/a_wrong_driver_is_found_where_it_is_checked-line4.dot")));
        assertFalse(r.stderr().contains("\tat "), r.stderr());
    }

    @Test
    void tagsInEitherSpellingJobsAndJunitXml() throws Exception {
        for (String tags : List.of("@fast and not @slow", "fast & !slow")) {
            CliProcess r = CliProcess.blockspec(dir, null, "run", "-v", "--tags", tags, ".");
            assertEquals(0, r.exit(), r.stdout() + r.stderr());
            assertEquals("""
                    PASS plain.scenario: a null node
                    PASS disks.feature: a raw disk
                    2 passed, 0 failed
                    """, r.stdout());
        }
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--jobs", "2", "--junit-xml", "out/junit.xml",
                "disks.feature", "plain.scenario");
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertEquals("5 passed, 0 failed\n", r.stdout());
        String xml = Files.readString(dir.resolve("out/junit.xml"));
        assertTrue(xml.contains("<testsuites>"), xml);
        assertTrue(xml.contains("<testsuite name=\"blockspec scenarios\" tests=\"1\""), xml);
        assertTrue(xml.contains("<testsuite name=\"Cucumber\" tests=\"4\""), xml);
        assertTrue(xml.contains("name=\"a qcow2 disk of 1M\""), xml);
    }

    @Test
    void aFeatureWithMistakesDoesNotRunAndTheOthersDo() throws Exception {
        Files.writeString(dir.resolve("typos.feature"), """
                Feature: Typos
                  Scenario: several at once
                    Given a raw image disk.img of 1X
                    And a raw nod disk on image disk.img
                    And a qcow3 node disk on image disk.img
                    Then the graph is:
                      | node | drvier |
                      | disk | raw    |
                    When the client sends query-block with:
                      \"""json
                      {"flat": tru}
                      \"""
                """);
        CliProcess r = CliProcess.blockspec(dir, null, "run", "typos.feature", "disks.feature");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().startsWith("""
                FAIL typos.feature: does not compile
                typos.feature:3:35: error: '1X' is not a size
                        Given a raw image disk.img of 1X
                                                      ^~
                  hint: write e.g. 64M, 1G, 0x10000
                typos.feature:4:9: error: unknown step "a raw nod disk on image disk.img"
                        And a raw nod disk on image disk.img
                            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                  hint: did you mean "a {driver} node {node} on image {image}"?
                typos.feature:5:11: error: unknown driver 'qcow3'
                        And a qcow3 node disk on image disk.img
                              ^~~~~
                  hint: did you mean qcow2?
                typos.feature:7:16: error: unknown column 'drvier'
                          | node | drvier |
                                   ^~~~~~
                  hint: did you mean driver?
                typos.feature:11:16: error: 'tru' is not JSON
                          {"flat": tru}
                                   ^~~
                  hint: quote strings: "tru"
                4 passed, 1 failed
                """), r.stdout());
        assertTrue(r.stdout().endsWith("4 passed, 1 failed\n"), r.stdout());
        CliProcess check = CliProcess.blockspec(dir, null, "check", ".");
        assertEquals(1, check.exit());
        assertEquals("4 files, 6 scenarios, 1 with errors\n", check.stdout());
        assertTrue(check.stderr().startsWith("typos.feature:3:35: error: '1X' is not a size\n"), check.stderr());
    }

    @Test
    void malformedGherkinIsReportedAtItsLine() throws Exception {
        Files.writeString(dir.resolve("broken.feature"), """
                Feature: Broken
                  Scenario: a stray line
                    Given a raw image disk.img of 1M
                    this line is no step
                """);
        CliProcess r = CliProcess.blockspec(dir, null, "run", "broken.feature", "disks.feature");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().startsWith("FAIL broken.feature: does not compile\nbroken.feature:4:5: error: unexpected "
                + "'this line is no step'\n"), r.stdout());
        assertTrue(r.stdout().endsWith("4 passed, 1 failed\n"), r.stdout());
    }

    @Test
    void cucumberPluginsWriteTheirReportsWithAttachments() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--plugin", "json:out/cucumber.json",
                "--plugin", "html:out/cucumber.html", "--plugin", "message:out/cucumber.ndjson",
                "--plugin", "junit:out/cucumber.xml", "wrong.feature", "disks.feature");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        for (String f : List.of("cucumber.json", "cucumber.html", "cucumber.ndjson", "cucumber.xml")) {
            assertTrue(Files.size(dir.resolve("out").resolve(f)) > 0, f);
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/cucumber.json").toFile());
        JsonNode wrong = null;
        for (JsonNode feature : json) if (feature.path("name").asText().equals("Wrong")) wrong = feature;
        JsonNode steps = wrong.path("elements").get(0).path("steps");
        List<String> statuses = new ArrayList<>();
        steps.forEach(s -> statuses.add(s.path("result").path("status").asText()));
        assertEquals(List.of("passed", "failed", "skipped"), statuses);
        List<String> attached = new ArrayList<>();
        steps.get(1).path("embeddings").forEach(e -> attached.add(e.path("mime_type").asText() + " " + e.path("name").asText()));
        assertEquals(List.of("text/plain QMP exchange of the step", "text/plain expected graph", "text/plain actual graph",
                "image/svg+xml actual graph"), attached);
        long size = Files.size(dir.resolve("out/cucumber.json"));
        assertTrue(size < 200_000, "json report of 6 scenarios: " + size + " bytes");
    }

    @Test
    void badPluginsAreRefusedBeforeAnythingRuns() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--plugin", "jsno:x.json", ".");
        assertEquals(2, r.exit());
        assertEquals("blockspec run: --plugin jsno:x.json: unknown plugin 'jsno'; did you mean json?\n", r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void failFastSkipsTheFeaturesAfterAFailure() throws Exception {
        Files.writeString(dir.resolve("broken.scenario"), "scenario \"broken\" {\n    node n0 null-co\n    expect graph {\n"
                + "        n0: raw\n    }\n}\n");
        CliProcess r = CliProcess.blockspec(dir, null, "run", "--fail-fast", "broken.scenario", "disks.feature");
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stdout().endsWith("0 passed, 1 failed, 4 skipped\n"), r.stdout());
    }
}
