package org.blockspec.dsl.cli;

import static org.blockspec.dsl.cli.CliProcess.withoutTiming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.differential.QemuTools;

/**
 * {@code blockspec io} against real qemu-io 7.2: the same commands on two copies of an image
 * print the same lines (qemu-io's timing lines aside), exit alike, and leave identical bytes.
 */
class IoToolInteropTest {
    @TempDir Path dir;

    static final List<String> COMMANDS = List.of(
            "write -P 0xab 0 64k", "read -P 0xab 0 64k", "read -P 0xac 0 512", "write -z 4k 4k", "read -v 4090 20",
            "discard 8k 4k", "write -P 7 1000 24", "read -P 7 1000 24", "read 1M 1", "write 1048575 2", "flush",
            "length", "read 0x10 1", "read 1.5k 1", "read -q 0 1", "write -q 0 1", "write -f 512 512");

    @Test
    void sameOutputAsQemuIo() throws Exception {
        QemuTools.require("qemu-io");
        Path ours = image("ours.img");
        Path theirs = image("theirs.img");
        List<String> qemuArgs = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        List<String> ourArgs = new ArrayList<>(List.of("io", "-f", "raw"));
        for (String c : COMMANDS) {
            qemuArgs.addAll(List.of("-c", c));
            ourArgs.addAll(List.of("-c", c));
        }
        qemuArgs.add(theirs.toString());
        ourArgs.add(ours.toString());
        CliProcess q = CliProcess.run(dir, null, qemuArgs);
        CliProcess b = CliProcess.blockspec(dir, null, ourArgs.toArray(String[]::new));
        assertEquals(withoutTiming(q.stdout()), b.stdout());
        assertEquals(q.exit(), b.exit(), b.stderr());
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }

    @Test
    void directIoGivesTheSameBytesAsQemuIoWithCacheNone() throws Exception {
        QemuTools.require("qemu-io");
        Path ours = image("ours-direct.img");
        Path theirs = image("theirs-direct.img");
        List<String> script = List.of("write -P 0x11 100 300", "write -P 0x22 4000 200", "read -P 0x11 100 300",
                "write -z 5000 10000", "read -P 0 5000 10000", "write -P 0x33 1048000 576");
        List<String> qemuArgs = new ArrayList<>(List.of("qemu-io", "-t", "none", "-f", "raw"));
        List<String> ourArgs = new ArrayList<>(List.of("io", "--image-opts"));
        for (String c : script) {
            qemuArgs.addAll(List.of("-c", c));
            ourArgs.addAll(List.of("-c", c));
        }
        qemuArgs.add(theirs.toString());
        ourArgs.add("driver=raw,cache.direct=on,file.driver=file,file.filename=" + ours);
        CliProcess q = CliProcess.run(dir, null, qemuArgs);
        CliProcess b = CliProcess.blockspec(dir, null, ourArgs.toArray(String[]::new));
        assertEquals(withoutTiming(q.stdout()), b.stdout(), b.stderr());
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }

    @Test
    void complaintsGoWhereQemuIoPutsThem() throws Exception {
        QemuTools.require("qemu-io");
        Path img = image("c.img");
        for (String c : List.of("bogus", "read 0", "read x 1", "read -Q 0 1", "read 0 1 2", "write -P 300 0 2")) {
            CliProcess q = CliProcess.run(dir, null, List.of("qemu-io", "-f", "raw", "-c", c, img.toString()));
            CliProcess b = CliProcess.blockspec(dir, null, "io", "-f", "raw", "-c", c, img.toString());
            assertEquals(q.stdout(), b.stdout(), c);
            assertEquals(q.stderr(), b.stderr(), c);
            assertEquals(q.exit(), b.exit(), c);
        }
    }

    @Test
    void openFailuresNameTheImage() throws Exception {
        Path img = image("d.img");
        CliProcess b = CliProcess.blockspec(dir, null, "io", "-U", "-c", "write 0 1", img.toString());
        assertEquals(1, b.exit());
        assertEquals("blockspec io: can't open device " + img + ": force-share=on can only be used with read-only images\n",
                b.stderr());
        b = CliProcess.blockspec(dir, null, "io", "-r", "-c", "write 0 1", img.toString());
        assertEquals("blockspec io: Block node is read-only\n", b.stderr());
        b = CliProcess.blockspec(dir, null, "io", "-c", "read 0 1", "nosuch.img");
        assertEquals("blockspec io: can't open device nosuch.img: Could not open 'nosuch.img': No such file or directory\n",
                b.stderr());
    }

    private Path image(String name) throws Exception {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        return p;
    }
}
