package org.blockspec.dsl.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.cli.CliProcess;
import org.blockspec.engine.qmp.QmpJson;

/** {@code blockspec coverage} on scenarios a user wrote: what they touch, and what they leave out. */
class CoverageToolTest {
    @TempDir Path dir;

    @Test
    void theIndexCountsWhatScenariosExerciseAndListsWhatTheyLeaveOut() throws Exception {
        Files.writeString(dir.resolve("one.scenario"), """
                scenario "in use" {
                    image disk.img raw 1M
                    node disk0 raw file={ file filename=disk.img }
                    device vda virtio-blk drive=disk0
                    delete node disk0
                    expect error "Node disk0 is in use"
                    expect perms vda -> disk0 requires {consistent-read, write} shares {consistent-read, write-unchanged, resize}
                    delete device vda
                    expect event DEVICE_DELETED {"device": "vda"}
                }
                """);
        CliProcess r = CliProcess.blockspec(dir, null, "coverage", "--json", "one.scenario");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode c = QmpJson.read(r.stdout());
        assertEquals(1, c.path("commands").path("exercised").path("blockdev-add").asInt());
        assertEquals(1, c.path("commands").path("exercised").path("device_add").asInt());
        List<String> untouched = strings(c.path("commands").path("untouched"));
        assertTrue(untouched.contains("query-version") && untouched.contains("blockdev-reopen"), untouched.toString());
        assertFalse(untouched.contains("blockdev-add"));
        assertEquals(1, c.path("arguments").path("blockdev-add.node-name").asInt());
        JsonNode raw = c.path("drivers").path("exercised").path("raw");
        assertEquals(1, raw.path("options").path("file").asInt());
        assertTrue(strings(raw.path("untouched-options")).contains("offset"));
        assertTrue(strings(c.path("drivers").path("untouched")).contains("qcow2"));
        assertEquals(1, c.path("errors").path("asserted").path("Node disk0 is in use").asInt());
        List<String> never = strings(c.path("errors").path("never-asserted"));
        assertFalse(never.contains("Node … is in use"), "the asserted message's template counts as asserted");
        assertTrue(never.contains("Block device … is in use"), never.toString());
        assertEquals(1, c.path("events").path("exercised").path("DEVICE_DELETED").asInt());
        assertTrue(strings(c.path("events").path("untouched")).contains("QUORUM_FAILURE"));
        assertEquals(1, c.path("permissions").path("exercised").path("write blocked").asInt());
        assertTrue(strings(c.path("permissions").path("untouched")).contains("resize required"));
        assertTrue(strings(c.path("job-states").path("untouched")).contains("ready"));

        CliProcess text = CliProcess.blockspec(dir, null, "coverage", "one.scenario");
        assertTrue(text.stdout().contains("QMP commands no scenario touches ("), text.stdout());
        assertTrue(text.stdout().contains("  raw (1): file 1, node-name 1\n    options never used: "), text.stdout());
    }

    @Test
    void aMissingPathIsRefused() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "coverage", "nothing.scenario");
        assertEquals(2, r.exit());
        assertEquals("blockspec coverage: nothing.scenario: No such file or directory\n", r.stderr());
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}
