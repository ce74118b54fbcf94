package org.blockspec.dsl.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.blockspec.dsl.transcript.ImageDirective;
import org.blockspec.dsl.transcript.QmpNormalizer;
import org.blockspec.engine.Engine;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.schema.SizeSuffix;

/**
 * Runs one QMP sequence on real QEMU 7.2 and on {@code blockspec qmp}, in fresh directories
 * with the same images, and compares every reply and the events: structurally, with the
 * working directory, auto-generated node names, timestamps and the package string masked.
 * Needs QEMU; it skips when QEMU is absent, except in CI (BLOCKSPEC_REQUIRE_QEMU=1).
 */
class DifferentialQmpTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "{1}: {0} vs blockspec {2}")
    @CsvSource({"qemu-storage-daemon, storage-daemon.qmp, qmp", "qemu-system-x86_64, system.qmp, qmp",
            "qemu-system-x86_64, locking.qmp, qmp", "qemu-storage-daemon, filters.qmp, qmp",
            "qemu-storage-daemon, reopen.qmp, qmp", "qemu-system-x86_64, graph-changes.qmp, qmp",
            "qemu-storage-daemon, exports.qmp, daemon", "qemu-storage-daemon, node-info.qmp, daemon",
            "qemu-storage-daemon, qcow2-resize.qmp, daemon", "qemu-system-x86_64, hmp-qemu-io.qmp, qmp",
            "qemu-system-x86_64, hmp-info-block.qmp, qmp", "qemu-system-x86_64, devices-and-resize.qmp, qmp",
            "qemu-system-x86_64, snapshots-under-device.qmp, qmp", "qemu-storage-daemon, snapshots-unused.qmp, daemon",
            "qemu-storage-daemon, quorum-children.qmp, daemon",
            "qemu-storage-daemon, qom-objects.qmp, daemon",
            "qemu-system-x86_64, quorum-votes.qmp, qmp",
            "qemu-storage-daemon, lengths-after-resize.qmp, daemon",
            "qemu-storage-daemon, qcow2-backing.qmp, daemon",
            "qemu-system-x86_64, devices-sharing.qmp, qmp", "qemu-system-x86_64, filters-under-devices.qmp, qmp",
            "qemu-system-x86_64, auto-read-only.qmp, qmp",
            "qemu-storage-daemon, mirror-lifecycle.qmp, daemon", "qemu-storage-daemon, mirror-conflicts.qmp, daemon",
            "qemu-storage-daemon, mirror-arguments.qmp, daemon", "qemu-storage-daemon, mirror-errors.qmp, daemon",
            "qemu-storage-daemon, drive-mirror.qmp, daemon", "qemu-storage-daemon, active-commit.qmp, daemon",
            "qemu-storage-daemon, mirror-replaces.qmp, daemon", "qemu-storage-daemon, jobs-at-quit.qmp, daemon"})
    void sameRepliesAsQemu(String qemuBinary, String sequence, String ourTool) throws Exception {
        QemuTools.require(qemuBinary);
        List<String> lines = load(sequence);
        Path qemuDir = Files.createDirectories(tmp.resolve("qemu"));
        Path oursDir = Files.createDirectories(tmp.resolve("blockspec"));
        createImages(lines, qemuDir);
        createImages(lines, oursDir);
        createQemuImages(lines, qemuDir);
        createOurImages(lines, oursDir);

        List<String> mismatches = new ArrayList<>();
        try (QmpPeer qemu = qemuBinary.equals("qemu-storage-daemon") ? QmpPeer.storageDaemon(qemuDir)
                : QmpPeer.system(qemuDir);
             QmpPeer ours = ourTool.equals("daemon") ? QmpPeer.blockspecDaemon(oursDir) : QmpPeer.blockspec(oursDir)) {
            String cap = "{\"execute\":\"qmp_capabilities\"}";
            compare(cap, qemu.client().send(cap), qemuDir, ours.client().send(cap), oursDir, mismatches);
            int lineNo = 0;
            for (String line : lines) {
                lineNo++;
                if (line.startsWith("#! await-event ")) {
                    String[] w = line.split(" ");
                    awaitEvents(qemu.client(), w[2], Integer.parseInt(w[3]));
                    awaitEvents(ours.client(), w[2], Integer.parseInt(w[3]));
                    continue;
                }
                if (line.startsWith("#! await-job ")) {
                    String[] w = line.split(" ");
                    awaitJob(qemu.client(), w[2], w[3], w[4]);
                    awaitJob(ours.client(), w[2], w[3], w[4]);
                    continue;
                }
                if (line.isBlank() || line.startsWith("#")) continue;
                JsonNode a = qemu.client().send(line.replace("$DIR", qemuDir.toString()));
                JsonNode b = ours.client().send(line.replace("$DIR", oursDir.toString()));
                compare(sequence + ":" + lineNo + " " + line, a, qemuDir, b, oursDir, mismatches);
            }
            List<JsonNode> qe = qemu.client().events();
            List<JsonNode> oe = ours.client().events();
            compare(sequence + " events", eventsJson(qe), qemuDir, eventsJson(oe), oursDir, mismatches);
        }
        if (!mismatches.isEmpty()) fail(mismatches.size() + " replies differ from QEMU's:\n" + String.join("\n", mismatches));
    }

    private static void awaitEvents(QmpClient c, String name, int count) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (c.events().stream().filter(e -> e.get("event").asText().equals(name)).count() < count) {
            if (System.nanoTime() > deadline) fail("timed out waiting for " + count + " " + name + " events");
            Thread.sleep(20);
            c.send("{\"execute\":\"query-version\"}");
        }
    }

    /** Polls query-block-jobs until the job's FIELD reads VALUE ({@code gone}: until it is not listed). */
    private static void awaitJob(QmpClient c, String job, String field, String value) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonNode found = null;
            for (JsonNode j : c.send("{\"execute\":\"query-block-jobs\"}").path("return")) {
                if (j.path("device").asText().equals(job)) found = j;
            }
            if (value.equals("gone") ? found == null : found != null && found.path(field).asText().equals(value)) return;
            if (System.nanoTime() > deadline) fail("timed out waiting for job " + job + " " + field + "=" + value + ": " + found);
            Thread.sleep(20);
        }
    }

    private static ArrayNode eventsJson(List<JsonNode> events) {
        ArrayNode a = QmpJson.MAPPER.createArrayNode();
        events.forEach(a::add);
        return a;
    }

    private static void compare(String what, JsonNode qemu, Path qemuDir, JsonNode ours, Path oursDir,
                                List<String> mismatches) {
        JsonNode a = QmpNormalizer.normalize(qemu, qemuDir.toString());
        JsonNode b = QmpNormalizer.normalize(ours, oursDir.toString());
        if (!a.equals(b)) {
            mismatches.add("- " + what + "\n    qemu:      " + QmpJson.write(a) + "\n    blockspec: " + QmpJson.write(b));
        }
    }

    private static List<String> load(String name) throws IOException {
        try (InputStream in = DifferentialQmpTest.class.getResourceAsStream("/differential/" + name)) {
            assertTrue(in != null, "missing sequence " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** "# qemu-img create ..." lines, run by the real qemu-img in QEMU's directory. */
    private static void createQemuImages(List<String> lines, Path dir) throws Exception {
        for (String l : lines) {
            if (!l.startsWith("# qemu-img create ")) continue;
            List<String> cmd = new ArrayList<>(List.of(l.substring(2).trim().split("\\s+")));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor() == 0, l + ": " + out);
        }
    }

    /** The same lines, run by blockspec's image creation in our directory. */
    private static void createOurImages(List<String> lines, Path dir) throws Exception {
        try (Engine engine = Engine.builder().build()) {
            for (String l : lines) {
                if (l.startsWith("# qemu-img create ")) ImageDirective.parse(l.substring(2).trim()).run(engine, dir);
            }
        }
    }

    /**
     * The "# images: a.img=1M b.img=64k" header: sparse raw files. "# sh: CMD" lines run CMD
     * in the directory (qemu-img create for qcow2 images), so both sides start from the same bytes.
     */
    private static void createImages(List<String> lines, Path dir) throws IOException, InterruptedException {
        for (String l : lines) {
            if (l.startsWith("# sh:")) {
                Process p = new ProcessBuilder("sh", "-c", l.substring("# sh:".length()).trim())
                        .directory(dir.toFile()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) fail("setup failed: " + l + "\n" + out);
                continue;
            }
            if (!l.startsWith("# images:")) continue;
            for (String spec : l.substring("# images:".length()).trim().split("\\s+")) {
                String[] kv = spec.split("=");
                try (RandomAccessFile f = new RandomAccessFile(dir.resolve(kv[0]).toFile(), "rw")) {
                    f.setLength(SizeSuffix.parse(kv[1]));
                }
            }
        }
    }
}
