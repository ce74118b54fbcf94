package org.blockspec.dsl.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.blockspec.dsl.differential.QemuTools;

/**
 * Real NBD and QMP peers against {@code blockspec daemon} and the nbd driver: qemu-io,
 * qemu-img, nbdinfo, nbdcopy and python3 as clients; qemu-nbd and nbdkit as servers.
 * Formats are a parameter so qcow2 joins as one more value once it exists.
 */
class NbdInteropTest {
    @TempDir Path dir;

    private DaemonProcess export(String format, Path image, boolean writable) throws Exception {
        Path nbd = dir.resolve("nbd.sock");
        return DaemonProcess.start(dir, List.of(
                "--blockdev", "driver=file,node-name=proto,filename=" + image,
                "--blockdev", "driver=" + format + ",node-name=disk,file=proto",
                "--nbd-server", "addr.type=unix,addr.path=" + nbd,
                "--export", "type=nbd,id=e0,node-name=disk,name=disk,writable=" + (writable ? "on" : "off")
                        + ",description=blockspec disk"), nbd);
    }

    private String uri() {
        return "nbd+unix:///disk?socket=" + dir.resolve("nbd.sock");
    }

    private static Run run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        return new Run(p.exitValue(), out);
    }

    record Run(int exit, String out) {
    }

    private Path image(long size) throws IOException {
        Path img = dir.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(size);
        }
        return img;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"raw"})
    void qemuIoAndQemuImgWriteAndReadThroughTheExport(String format) throws Exception {
        QemuTools.require("qemu-io");
        QemuTools.require("qemu-img");
        Path img = image(4 << 20);
        try (DaemonProcess d = export(format, img, true)) {
            Run w = run(dir, "qemu-io", "-f", "raw", "-c", "write -P 0xa5 64k 128k", "-c", "read -P 0xa5 64k 128k",
                    "-c", "read -P 0 0 64k", uri());
            assertEquals(0, w.exit(), w.out());
            assertTrue(w.out().contains("wrote 131072/131072 bytes at offset 65536"), w.out());
            assertTrue(w.out().contains("read 65536/65536 bytes at offset 0"), w.out());
            Run info = run(dir, "qemu-img", "info", "-f", "raw", uri());
            assertTrue(info.out().contains("virtual size: 4 MiB (4194304 bytes)"), info.out());
            Run ro = run(dir, "qemu-io", "-f", "raw", "-c", "write 0 512", uri() + "x");
            assertTrue(ro.exit() != 0, ro.out());
        }
        byte[] bytes = Files.readAllBytes(img);
        for (int i = 65536; i < 65536 + 131072; i++) assertEquals((byte) 0xa5, bytes[i], "byte " + i + " on disk");
    }

    @Test
    void aReadOnlyExportRefusesWritesAsQemuDoes() throws Exception {
        QemuTools.require("qemu-io");
        Path img = image(1 << 20);
        try (DaemonProcess d = export("raw", img, false)) {
            Run w = run(dir, "qemu-io", "-f", "raw", "-r", "-c", "read 0 4k", uri());
            assertEquals(0, w.exit(), w.out());
            Run rw = run(dir, "qemu-io", "-f", "raw", "-c", "write 0 4k", uri());
            assertTrue(rw.out().contains("Could not open") || rw.out().contains("read-only"), rw.out());
        }
    }

    @Test
    void nbdinfoListsTheExportAndMapsDataAndHoles() throws Exception {
        QemuTools.require("nbdinfo");
        Path img = image(1 << 20);
        Files.write(img, filled(65536, (byte) 0x5a), java.nio.file.StandardOpenOption.WRITE);
        try (DaemonProcess d = export("raw", img, false)) {
            Run list = run(dir, "nbdinfo", "--list", "nbd+unix:///?socket=" + dir.resolve("nbd.sock"));
            assertEquals(0, list.exit(), list.out());
            assertTrue(list.out().contains("export=\"disk\":"), list.out());
            assertTrue(list.out().contains("description: blockspec disk"), list.out());
            assertTrue(list.out().contains("is_read_only: true"), list.out());
            assertTrue(list.out().contains("base:allocation"), list.out());
            Run map = run(dir, "nbdinfo", "--map", uri());
            assertEquals(0, map.exit(), map.out());
            List<String> rows = new ArrayList<>();
            for (String l : map.out().strip().split("\n")) rows.add(l.strip().replaceAll("\\s+", " "));
            assertEquals(List.of("0 65536 0 data", "65536 983040 3 hole,zero"), rows);
        }
    }

    @Test
    void nbdcopyCopiesIntoAndOutOfTheExport() throws Exception {
        QemuTools.require("nbdcopy");
        Path img = image(8 << 20);
        Path src = dir.resolve("src.bin");
        byte[] data = new byte[8 << 20];
        new Random(6).nextBytes(data);
        Files.write(src, data);
        try (DaemonProcess d = export("raw", img, true)) {
            Run in = run(dir, "nbdcopy", src.toString(), uri());
            assertEquals(0, in.exit(), in.out());
            Path back = dir.resolve("back.bin");
            Run out = run(dir, "nbdcopy", uri(), back.toString());
            assertEquals(0, out.exit(), out.out());
            assertArrayEquals(data, Files.readAllBytes(back));
        }
        assertArrayEquals(data, Files.readAllBytes(img));
    }

    @Test
    void aPlainPython3ScriptSpeaksQmpOnTheSocket() throws Exception {
        QemuTools.require("python3");
        Path img = image(1 << 20);
        try (DaemonProcess d = export("raw", img, true)) {
            String script = """
                    import json, socket, sys
                    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rwb')
                    def msg(): return json.loads(f.readline())
                    print(sorted(msg()['QMP'].keys()))
                    for m in [b'garbage\\n', b'{"execute":"qmp_capabilities","id":1}\\n',
                              b'{"execute":"query-block-exports","id":"q"}\\n',
                              b'{"execute":"block_resize","arguments":{"node-name":"disk","size":1}}\\n']:
                        f.write(m); f.flush(); print(json.dumps(msg(), sort_keys=True))
                    """;
            Path py = dir.resolve("client.py");
            Files.writeString(py, script);
            Run r = run(dir, "python3", py.toString(), d.qmp.toString());
            assertEquals(0, r.exit(), r.out());
            String[] lines = r.out().strip().split("\n");
            assertEquals("['capabilities', 'version']", lines[0]);
            assertEquals("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, invalid keyword 'garbage'\"}}", lines[1]);
            assertEquals("{\"id\": 1, \"return\": {}}", lines[2]);
            assertEquals("{\"id\": \"q\", \"return\": [{\"id\": \"e0\", \"node-name\": \"disk\", \"shutting-down\": false, \"type\": \"nbd\"}]}", lines[3]);
            assertTrue(lines[4].contains("permissions 'resize' are both required by an unnamed block device"), lines[4]);
        }
    }

    @Test
    void aHostileNbdClientIsAnsweredAndDroppedWhileOthersGoOn() throws Exception {
        QemuTools.require("qemu-io");
        Path img = image(1 << 20);
        try (DaemonProcess d = export("raw", img, false)) {
            try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                s.connect(UnixDomainSocketAddress.of(dir.resolve("nbd.sock")));
                read(s, 18);
                ByteBuffer go = ByteBuffer.allocate(4 + 16 + 4 + 4 + 2).putInt(3)
                        .putLong(0x49484156454f5054L).putInt(7).putInt(10).putInt(4).put("disk".getBytes()).putShort((short) 0);
                s.write(go.flip());
                // infos until the ACK
                for (int type = 0; type != 1; ) {
                    ByteBuffer h = read(s, 20);
                    type = h.getInt(12);
                    read(s, h.getInt(16));
                    assertTrue(type > 0, "NBD_OPT_GO refused: " + Integer.toHexString(type));
                }
                s.write(ByteBuffer.allocate(28).putInt(0x12345678).putShort((short) 0).putShort((short) 0)
                        .putLong(9).putLong(0).putInt(512).flip());
                ByteBuffer reply = read(s, 16);
                assertEquals(0x67446698, reply.getInt());
                assertEquals(22, reply.getInt(), "EINVAL, as QEMU answers");
                assertEquals(9, reply.getLong());
                assertEquals(-1, s.read(ByteBuffer.allocate(1)), "then the server hangs up");
            }
            Run ok = run(dir, "qemu-io", "-f", "raw", "-r", "-c", "read 0 4k", uri());
            assertEquals(0, ok.exit(), ok.out());
        }
    }

    private static ByteBuffer read(SocketChannel s, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) if (s.read(b) < 0) throw new IOException("closed");
        return b.flip();
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }

    @Test
    void theNbdDriverReadsAndWritesThroughQemuNbdAndNbdkit() throws Exception {
        QemuTools.require("qemu-nbd");
        QemuTools.require("nbdkit");
        Path img = image(1 << 20);
        Path qsock = dir.resolve("qemu-nbd.sock");
        Path ksock = dir.resolve("nbdkit.sock");
        Process qemuNbd = new ProcessBuilder("qemu-nbd", "-f", "raw", "-t", "-k", qsock.toString(), img.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("qemu-nbd.log").toFile()).start();
        Process nbdkit = new ProcessBuilder("nbdkit", "-f", "-U", ksock.toString(), "memory", "1M")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nbdkit.log").toFile()).start();
        try {
            for (Path s : List.of(qsock, ksock)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Files.exists(s) && System.nanoTime() < deadline) Thread.sleep(20);
            }
            for (Path s : List.of(qsock, ksock)) {
                String node = "{\"driver\":\"raw\",\"node-name\":\"r\",\"file\":{\"driver\":\"nbd\",\"server\":"
                        + "{\"type\":\"unix\",\"path\":\"" + s + "\"}}}";
                String hmp = "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"qemu-io r \\\"%s\\\"\"}}\n";
                String stdin = "{\"execute\":\"qmp_capabilities\"}\n" + hmp.formatted("write -P 0x3c 4k 8k")
                        + hmp.formatted("read -P 0x3c 4k 8k") + hmp.formatted("read -P 0 0 4k") + "{\"execute\":\"quit\"}\n";
                var p = org.blockspec.dsl.cli.CliProcessAccess.blockspec(dir, stdin, "qmp", "--blockdev", node);
                assertEquals(0, p.exit(), p.stderr());
                assertTrue(p.stderr().contains("wrote 8192/8192 bytes at offset 4096"), s + ": " + p.stderr());
                assertTrue(p.stderr().contains("read 8192/8192 bytes at offset 4096"), s + ": " + p.stderr());
                assertTrue(p.stderr().contains("read 4096/4096 bytes at offset 0"), s + ": " + p.stderr());
                assertTrue(!p.stderr().contains("Pattern verification failed"), s + ": " + p.stderr());
            }
            assertEquals((byte) 0x3c, Files.readAllBytes(img)[4096], "qemu-nbd wrote our bytes to its file");
        } finally {
            qemuNbd.destroy();
            nbdkit.destroy();
            qemuNbd.waitFor(10, TimeUnit.SECONDS);
            nbdkit.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
