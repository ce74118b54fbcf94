package org.blockspec.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blockspec qmp}: a monitor on standard input and output, with -blockdev and -device. */
class QmpToolTest {
    @TempDir Path dir;

    Path image(String name) throws Exception {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        return p;
    }

    @Test
    void blockdevAndDeviceOptionsBuildTheGraphBeforeTheFirstCommand() throws Exception {
        Path img = image("disk.img");
        CliProcess r = CliProcess.blockspec(dir, """
                {"execute":"qmp_capabilities"}
                {"execute":"x-debug-query-block-graph","id":"g"}
                {"execute":"quit"}
                """, "qmp", "--blockdev", "driver=file,node-name=proto,filename=" + img,
                "--blockdev", "{\"driver\":\"raw\",\"node-name\":\"disk0\",\"file\":\"proto\"}",
                "--device", "virtio-blk-pci,id=vda,drive=disk0");
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(5, lines.size(), r.stdout());
        assertTrue(lines.get(0).startsWith("{\"QMP\": {\"version\": "), lines.get(0));
        assertEquals("{\"return\": {}}", lines.get(1));
        assertTrue(lines.get(2).contains("\"name\": \"/machine/peripheral/vda/virtio-backend\""), lines.get(2));
        assertTrue(lines.get(2).contains("\"name\": \"proto\"") && lines.get(2).endsWith("\"id\": \"g\"}"), lines.get(2));
        assertTrue(lines.get(3).contains("\"event\": \"SHUTDOWN\""), lines.get(3));
        assertEquals("{\"return\": {}}", lines.get(4));
    }

    @Test
    void badStartupOptionsFailWithQemusMessage() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, "", "qmp", "--blockdev", "driver=file,node-name=f0");
        assertEquals(1, r.exit());
        assertEquals("blockspec: --blockdev driver=file,node-name=f0: Parameter 'filename' is missing\n", r.stderr());
        assertEquals("", r.stdout());

        r = CliProcess.blockspec(dir, "", "qmp", "--blockdev", "driver=null-co,node-name=n,size=big");
        assertEquals("blockspec: --blockdev driver=null-co,node-name=n,size=big: Parameter 'size' expects integer\n",
                r.stderr());

        r = CliProcess.blockspec(dir, "", "qmp", "--device", "virtio-blk-pci,id=vda,drive=nosuch");
        assertEquals(1, r.exit());
        assertEquals("blockspec: --device virtio-blk-pci,id=vda,drive=nosuch: Property 'virtio-blk-device.drive' "
                + "can't find value 'nosuch'\n", r.stderr());
    }

    @Test
    void endOfInputEndsTheMonitorAndAnswersATrailingWord() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, "{\"execute\":\"qmp_capabilities\"}\ngarbage", "qmp");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(List.of("{\"return\": {}}",
                "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, invalid keyword 'garbage'\"}}"),
                r.stdout().lines().skip(1).toList());
    }

    @Test
    void nothingIsAnsweredAfterQuit() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, """
                {"execute":"qmp_capabilities"}
                {"execute":"quit"}
                {"execute":"query-version"}
                {"execute":"query-version"}
                """, "qmp");
        assertEquals(0, r.exit(), r.stderr());
        List<String> out = r.stdout().lines().skip(1).toList();
        assertEquals(3, out.size(), r.stdout());
        assertEquals("{\"return\": {}}", out.get(0));
        // Like qemu-system-x86_64, quit announces the shutdown before it answers.
        assertTrue(out.get(1).endsWith("\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"}}"),
                out.get(1));
        assertEquals("{\"return\": {}}", out.get(2));
    }

    @Test
    void helpAndVersion() throws Exception {
        CliProcess r = CliProcess.blockspec(dir, null, "qmp", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.stdout().contains("--blockdev=OPTIONS"), r.stdout());
        r = CliProcess.blockspec(dir, null, "--version");
        assertTrue(r.stdout().startsWith("blockspec 0.1.0"), r.stdout());
        r = CliProcess.blockspec(dir, null, "qmp", "--bogus");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("Unknown option: '--bogus'"), r.stderr());
    }
}
