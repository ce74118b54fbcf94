package org.blockspec.dsl.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.cli.CliProcess;
import org.blockspec.dsl.differential.ImageHolder.Hold;
import org.blockspec.dsl.differential.ImageHolder.Program;

/**
 * {@code blockspec locks} reads the locks real QEMU takes: a VM's disk (bytes 100-101 and
 * 201 in /proc/locks under qemu-system-x86_64 7.2) and qemu-io's read-only handle (byte 100).
 */
class LocksToolTest {
    @TempDir Path dir;

    @Test
    void describesTheLocksOfQemuProcesses() throws Exception {
        QemuTools.require("qemu-system-x86_64");
        Path img = image();
        try (ImageHolder vm = ImageHolder.start(Program.QEMU, Hold.DEVICE, "raw", img, dir.resolve("vm"))) {
            assertEquals(new CliProcess(0, "holds: consistent read, write; does not share: write\n", ""), locks(img));
        }
        try (ImageHolder io = ImageHolder.start(Program.QEMU, Hold.READ_ONLY, "raw", img, dir.resolve("io"))) {
            assertEquals(new CliProcess(0, "holds: consistent read; does not share: nothing\n", ""), locks(img));
        }
    }

    @Test
    void anUnlockedImageAndAMissingOne() throws Exception {
        Path img = image();
        assertEquals(new CliProcess(0, "holds: nothing; does not share: nothing\n", ""), locks(img));
        assertEquals(new CliProcess(1, "", "blockspec locks: Could not open 'nosuch.img': No such file or directory\n"),
                CliProcess.blockspec(dir, null, "locks", "nosuch.img"));
    }

    private CliProcess locks(Path img) throws Exception {
        return CliProcess.blockspec(dir, null, "locks", img.toString());
    }

    private Path image() throws Exception {
        Path p = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        return p;
    }
}
