package org.blockspec.dsl.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.blockspec.dsl.differential.QemuTools;
import org.blockspec.engine.spi.BlockException;

/**
 * Damaged qcow2 images (wrong magic, truncated, impossible sizes, offsets out of place,
 * unknown features): blockspec refuses or reports them with qemu-io's words, read-write and
 * read-only, and reads what qemu-io reads where QEMU accepts them.
 */
class BadImageTest {
    @TempDir static Path dir;
    static Path fresh;

    /** Patches to a fresh 1 MiB image: (offset, width in bytes, value)... */
    static Stream<Arguments> patches() {
        List<Arguments> out = new ArrayList<>();
        for (String p : List.of("0 4 0x51464900", "4 4 1", "4 4 4", "4 4 0xffffffff", "20 4 8", "20 4 22",
                "72 8 0x100", "72 8 0x2", "72 8 0x1", "72 8 0x8", "80 8 0x100", "88 8 0x100", "96 4 7",
                "96 4 3", "100 4 100", "100 4 4096", "100 4 0x20000", "40 8 0x30001", "40 8 0x10000000",
                "36 4 0x2000000", "36 4 0", "48 8 0x10001", "48 8 0x10000000", "56 4 0x10000", "56 4 0", "56 4 0x100",
                "24 8 0x7fffffffffffffff", "24 8 0x40000000000", "32 4 1", "32 4 3", "16 4 2000 8 8 0x200",
                "8 8 100000 16 4 4", "104 1 1", "104 1 2", "60 4 1", "60 4 1 64 8 0x10001", "112 4 0x12345678 116 4 0xffff",
                "112 4 0xe2792aca 116 4 20", "65536 8 0x30000", "131072 2 0", "196608 8 0x40200", "196608 8 0x8000000000050000",
                "0 112 0", "truncate 0", "truncate 50", "truncate 100", "truncate 70000")) {
            out.add(Arguments.of(p));
        }
        return out.stream();
    }

    @BeforeAll
    static void freshImage() throws Exception {
        fresh = dir.resolve("fresh.qcow2");
        EngineImage.create(fresh, "qcow2", 1 << 20, null, null, null);
        try (EngineImage e = EngineImage.open(fresh, "qcow2", true)) {
            e.write(0, new byte[65536]);
        }
    }

    /** Features QEMU implements and blockspec refuses, naming them as QEMU names unknown ones. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"72 8 0x4, external data file", "72 8 0x10, extended L2 entries",
            "72 8 0x8 104 1 1, compression type"})
    void refusedClearly(String patch, String feature) throws Exception {
        Path img = damaged(patch);
        BlockException x = org.junit.jupiter.api.Assertions.assertThrows(BlockException.class,
                () -> EngineImage.open(img, "qcow2", false).close());
        assertEquals("Unsupported qcow2 feature(s): " + feature, x.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void sameReactionAsQemuIo(String patch) throws Exception {
        QemuTools.require("qemu-io");
        for (boolean readOnly : new boolean[] {false, true}) {
            Path img = damaged(patch);
            List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
            if (readOnly) cmd.add("-r");
            cmd.addAll(List.of("-c", "read -v 0 16", img.toString()));
            Tool q = Tool.qemu(dir, cmd);
            String qemu = q.stderr().isEmpty() ? firstLine(q.stdout()) : q.stderr().strip();
            img = damaged(patch);
            String ours;
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            try (EngineImage e = EngineImage.open(img, "qcow2", !readOnly, new java.io.PrintStream(err, true))) {
                ours = hexLine(e.read(0, 16));
            } catch (BlockException x) {
                ours = "qemu-io: can't open device " + img + ": " + x.getMessage();
            } catch (AssertionError x) {
                // a failed read: QEMU's line about it on standard error comes first
                ours = err.size() > 0 ? err.toString().strip() : x.getMessage();
            }
            assertEquals(qemu, ours, patch + (readOnly ? " (read-only)" : ""));
        }
    }

    private static Path damaged(String patch) throws Exception {
        Path img = dir.resolve("bad.qcow2");
        Files.copy(fresh, img, StandardCopyOption.REPLACE_EXISTING);
        String[] w = patch.split(" ");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            if (w[0].equals("truncate")) {
                f.setLength(Long.parseLong(w[1]));
                return img;
            }
            for (int i = 0; i < w.length; i += 3) {
                long offset = Long.parseLong(w[i]);
                int width = Integer.parseInt(w[i + 1]);
                long value = Long.parseUnsignedLong(w[i + 2].replace("0x", ""), w[i + 2].startsWith("0x") ? 16 : 10);
                ByteBuffer b = ByteBuffer.allocate(width);
                for (int k = 0; k < Math.min(width, 8); k++) b.put(width - 1 - k, (byte) (value >>> (8 * k)));
                f.seek(offset);
                f.write(b.array());
            }
        }
        return img;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** qemu-io's "read -v" first line: offset, then 16 bytes in hex and as characters. */
    private static String hexLine(byte[] b) {
        StringBuilder s = new StringBuilder("00000000: ");
        for (int i = 0; i < 16; i++) s.append(String.format(" %02x", b[i] & 0xff));
        s.append("  ");
        for (int i = 0; i < 16; i++) s.append(b[i] >= 0x20 && b[i] < 0x7f ? (char) b[i] : '.');
        return s.toString();
    }
}
