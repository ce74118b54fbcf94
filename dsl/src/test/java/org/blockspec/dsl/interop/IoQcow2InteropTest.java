package org.blockspec.dsl.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.blockspec.dsl.differential.QemuTools;

/**
 * {@code blockspec io} on qcow2 images against qemu-io 7.2: probing the format when -f is
 * left out, compressed writes (write -c) and their refusals, zero writes, discards and
 * partial writes give the same output and exit status, and images that read the same and
 * that qemu-img check finds clean; a discard never uncovers a backing file.
 */
class IoQcow2InteropTest {
    @TempDir Path dir;

    static final List<String> COMMANDS = List.of("write -c -P 0x11 0 64k", "write -c -P 0x12 64k 64k",
            "write -c -P 0x13 1040384 8k", "write -c 0 4k", "write -P 0x14 0 4k", "write -c -P 0x15 0 64k",
            "write -z 128k 128k", "write -z -u 64k 64k", "discard 512k 192k", "write -P 0x16 700000 100000",
            "write -c -P 0x17 983040 64k", "read -P 0x11 4k 60k", "read -P 0x16 700000 100000", "read -P 0 128k 64k",
            "read -P 0x17 983040 64k", "length");

    @Test
    void sameAsQemuIoOnQcow2() throws Exception {
        QemuTools.require("qemu-io");
        Path theirs = dir.resolve("theirs.qcow2");
        Path ours = dir.resolve("ours.qcow2");
        for (Path p : List.of(theirs, ours)) {
            assertEquals(0, Tool.qemu(dir, "qemu-img", "create", "-q", "-f", "qcow2", p.toString(), "1M").exit());
        }
        List<String> q = new ArrayList<>(List.of("qemu-io"));
        List<String> b = new ArrayList<>(List.of("io"));
        for (String c : COMMANDS) {
            q.addAll(List.of("-c", c));
            b.addAll(List.of("-c", c));
        }
        q.add(theirs.toString());
        b.add(ours.toString());
        Tool qemu = Tool.qemu(dir, q);
        Tool blockspec = Tool.blockspec(dir, b.toArray(String[]::new));
        assertEquals(withoutTiming(qemu.stdout()), blockspec.stdout());
        assertEquals(qemu.exit(), blockspec.exit(), blockspec.stderr());
        Tool compare = Tool.qemu(dir, "qemu-img", "compare", theirs.toString(), ours.toString());
        assertEquals("Images are identical.\n", compare.stdout(), compare.toString());
        assertEquals(0, Tool.qemu(dir, "qemu-img", "check", ours.toString()).exit());
    }

    /**
     * A discard must not uncover the backing file: version 3 marks the clusters zero, and
     * version 2, which has no zero flag, keeps what the guest wrote (QEMU refuses the discard
     * and the block layer ignores that).
     */
    @ParameterizedTest(name = "compat={0}")
    @ValueSource(strings = {"0.10", "1.1"})
    void discardNeverExposesTheBackingFile(String compat) throws Exception {
        QemuTools.require("qemu-io");
        Path base = dir.resolve("base.img");
        assertEquals(0, Tool.qemu(dir, "qemu-img", "create", "-q", "-f", "raw", base.toString(), "1M").exit());
        assertEquals(0, Tool.qemu(dir, "qemu-io", "-f", "raw", "-c", "write -P 0xaa 0 1M", base.toString()).exit());
        Path theirs = dir.resolve("theirs.qcow2");
        Path ours = dir.resolve("ours.qcow2");
        for (Path p : List.of(theirs, ours)) {
            assertEquals(0, Tool.qemu(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o", "compat=" + compat, "-b",
                    base.toString(), "-F", "raw", p.toString()).exit());
        }
        String[] commands = {"-c", "write -P 0x55 0 128k", "-c", "discard 0 64k", "-c", "discard 64k 4k",
                "-c", "read -P 0x55 64k 64k"};
        List<String> q = new ArrayList<>(List.of("qemu-io"));
        q.addAll(List.of(commands));
        q.add(theirs.toString());
        List<String> b = new ArrayList<>(List.of("io"));
        b.addAll(List.of(commands));
        b.add(ours.toString());
        Tool qemu = Tool.qemu(dir, q);
        Tool blockspec = Tool.blockspec(dir, b.toArray(String[]::new));
        assertEquals(withoutTiming(qemu.stdout()), withoutTiming(blockspec.stdout()));
        assertEquals(qemu.exit(), blockspec.exit(), blockspec.stderr());
        Tool compare = Tool.qemu(dir, "qemu-img", "compare", theirs.toString(), ours.toString());
        assertEquals("Images are identical.\n", compare.stdout(), compare.toString());
        String expected = compat.equals("0.10") ? "read -P 0x55 0 64k" : "read -P 0 0 64k";
        Tool read = Tool.qemu(dir, "qemu-io", "-c", expected, ours.toString());
        assertFalse(read.stdout().contains("Pattern verification failed"), read.toString());
        assertEquals(0, Tool.qemu(dir, "qemu-img", "check", ours.toString()).exit());
    }

    @Test
    void probedRawWarnsAsQemuIoDoes() throws Exception {
        QemuTools.require("qemu-io");
        Path raw = dir.resolve("disk.img");
        assertEquals(0, Tool.qemu(dir, "qemu-img", "create", "-q", "-f", "raw", raw.toString(), "64k").exit());
        Tool qemu = Tool.qemu(dir, "qemu-io", "-c", "write 0 512", raw.toString());
        Tool blockspec = Tool.blockspec(dir, "io", "-c", "write 0 512", raw.toString());
        assertEquals(qemu.stderr(), blockspec.stderr());
        assertEquals(withoutTiming(qemu.stdout()), blockspec.stdout());
    }

    static String withoutTiming(String out) {
        StringBuilder s = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (line.contains(" ops; ") && line.contains("sec (")) continue;
            if (!s.isEmpty() || !line.isEmpty()) s.append(line).append('\n');
        }
        return s.toString().replaceAll("\n+$", "\n");
    }
}
