package org.blockspec.dsl.iotest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.cli.CliProcess;
import org.blockspec.dsl.differential.QemuTools;

/**
 * An exported iotest run against real QEMU 7.2 with QEMU's own iotests.py (from a QEMU 7.2
 * source tree: BLOCKSPEC_QEMU_SRC, default /work/qemu-src/qemu-7.2.0). There is no build tree
 * here, so the test sets the environment QEMU's check script would (TEST_DIR, SOCK_DIR,
 * QEMU_PROG and the other tools from PATH, IMGFMT=raw) and runs the script with python3;
 * Debian's QEMU has no qtest accelerator, so QEMU_OPTIONS adds {@code -accel tcg}, which QEMU
 * falls back to. Its output must equal the exported .out, which holds blockspec's answers.
 */
class ExportIotestTest {
    @TempDir Path dir;

    static final String SCENARIO = """
            feature "Two writers" @perms
            background {
                image disk.img raw 1M
                node proto file filename=disk.img
                node disk raw file=proto
            }
            scenario "share-rw decides" {
                device vda virtio-blk drive=disk
                device vdb virtio-blk drive=disk
                expect error matches "Permission conflict on node 'disk': .*"
                expect perms vda -> disk requires {consistent-read, write} shares {consistent-read, write-unchanged, resize}
                expect graph exactly {
                    vda -> disk
                    disk: raw
                    disk/file = proto
                    proto: file
                }
                delete node disk
                expect error "Node disk is in use"
                delete device vda
                expect event DEVICE_DELETED {"device": "vda"}
                delete node disk
                expect graph exactly {
                    proto: file
                }
            }
            scenario "a window on the file" {
                node part raw file=proto offset=64k size=64k
                qmp block_resize {"node-name": "proto", "size": 2097152}
                -> error GenericError matches "Permission conflict on node 'proto': permissions 'resize' .*"
            }
            """;

    @Test
    void anExportedTestPassesOnRealQemuWithQemusOwnIotestsHarness() throws Exception {
        QemuTools.require("qemu-system-x86_64");
        QemuTools.require("python3");
        Path src = Path.of(System.getenv().getOrDefault("BLOCKSPEC_QEMU_SRC", "/work/qemu-src/qemu-7.2.0"));
        Path iotests = src.resolve("tests/qemu-iotests");
        if (!Files.isRegularFile(iotests.resolve("iotests.py")) || !Files.isDirectory(src.resolve("python/qemu"))) {
            String why = "no QEMU 7.2 source tree at " + src + " (tests/qemu-iotests/iotests.py, python/qemu); set "
                    + "BLOCKSPEC_QEMU_SRC, or run .ci/run, which fetches Debian's qemu source package";
            if ("1".equals(System.getenv("BLOCKSPEC_REQUIRE_QEMU"))) fail(why);
            Assumptions.abort(why);
        }
        Files.writeString(dir.resolve("writers.scenario"), SCENARIO);
        CliProcess r = CliProcess.blockspec(dir, null, "export-iotest", "writers.scenario", "--out", "tests");
        assertEquals(0, r.exit(), r.stderr());
        Path test = dir.resolve("tests/blockspec-writers");
        String expected = Files.readString(dir.resolve("tests/blockspec-writers.out"));
        assertTrue(expected.contains("\"desc\": \"Node disk is in use\"") && expected.contains("device vda"), expected);

        Path testDir = Files.createDirectories(dir.resolve("scratch"));
        Path sockDir = Files.createDirectories(dir.resolve("sock"));
        ProcessBuilder pb = new ProcessBuilder("python3", test.toString()).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("PYTHONPATH", iotests + ":" + src.resolve("python"));
        env.put("PYTHONUTF8", "1");
        env.put("TEST_DIR", testDir.toString());
        env.put("SOCK_DIR", sockDir.toString());
        env.put("SAMPLE_IMG_DIR", iotests.resolve("sample_images").toString());
        env.put("CACHEMODE", "writeback");
        env.put("AIOMODE", "threads");
        env.put("IMGFMT", "raw");
        env.put("IMGPROTO", "file");
        env.put("QEMU_DEFAULT_MACHINE", "q35");
        env.put("QEMU_OPTIONS", "-nodefaults -display none -accel tcg");
        for (var tool : List.of(List.of("QEMU_PROG", "qemu-system-x86_64"), List.of("QEMU_IMG_PROG", "qemu-img"),
                List.of("QEMU_IO_PROG", "qemu-io"), List.of("QEMU_NBD_PROG", "qemu-nbd"),
                List.of("QSD_PROG", "qemu-storage-daemon"))) {
            env.put(tool.get(0), which(tool.get(1)));
        }
        pb.redirectError(dir.resolve("stderr").toFile()).redirectOutput(dir.resolve("stdout").toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the exported test did not finish");
        }
        String got = Files.readString(dir.resolve("stdout"));
        assertEquals(expected, got, "QEMU's answers differ from blockspec's; stderr: " + Files.readString(dir.resolve("stderr")));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr")));
    }

    private static String which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return Path.of(d, tool).toString();
        }
        return tool;
    }
}
