package org.blockspec.dsl.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.blockspec.dsl.differential.QemuTools;
import org.blockspec.engine.spi.CheckMode;
import org.blockspec.engine.spi.CheckResult;

/**
 * qcow2 images written by one side and read by the other: blockspec writes and qemu-img
 * check finds them clean and qemu-img compare identical to a raw file holding what they
 * must read as; QEMU writes and blockspec reads the same bytes and finds them clean. Every
 * cluster size from 512 bytes to 2 MiB in both versions, backing chains of depth 3,
 * compressed clusters, images around 4 GiB and refcount structures that must grow.
 */
class Qcow2InteropTest {
    @TempDir Path dir;

    static Stream<Arguments> clusterSizesAndVersions() {
        List<Arguments> out = new ArrayList<>();
        for (int bits = 9; bits <= 21; bits++) {
            out.add(Arguments.of(1 << bits, "1.1"));
            out.add(Arguments.of(1 << bits, "0.10"));
        }
        return out.stream();
    }

    /** Big enough for two L2 tables with small clusters, small enough to stay fast with 2 MiB ones. */
    private static long sizeFor(int clusterSize) {
        return Math.max(8L << 20, 3L * clusterSize);
    }

    @ParameterizedTest(name = "cluster_size={0} compat={1}")
    @MethodSource("clusterSizesAndVersions")
    void blockspecWritesQemuReads(int clusterSize, String compat) throws Exception {
        QemuTools.require("qemu-img");
        long size = sizeFor(clusterSize);
        Path img = dir.resolve("b.qcow2");
        EngineImage.create(img, "qcow2", size, "cluster_size=" + clusterSize + ",compat=" + compat, null, null);
        Workload w = Workload.mixed(size, clusterSize, clusterSize);
        try (EngineImage e = EngineImage.open(img, "qcow2", true)) {
            w.applyTo(e);
        }
        Path raw = dir.resolve("ref.raw");
        w.applyToRaw(raw, size, clusterSize, true);
        assertQemuFindsClean(img);
        assertQemuFindsIdentical(img, raw);
    }

    @ParameterizedTest(name = "cluster_size={0} compat={1}")
    @MethodSource("clusterSizesAndVersions")
    void qemuWritesBlockspecReads(int clusterSize, String compat) throws Exception {
        QemuTools.require("qemu-io");
        long size = sizeFor(clusterSize);
        Path img = dir.resolve("q.qcow2");
        assertEquals(0, Tool.qemu(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o",
                "cluster_size=" + clusterSize + ",compat=" + compat, img.toString(), Long.toString(size)).exit());
        Workload w = Workload.mixed(size, clusterSize, clusterSize + 1);
        List<String> io = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        io.addAll(w.qemuIoArgs());
        io.add(img.toString());
        Tool t = Tool.qemu(dir, io);
        assertEquals(0, t.exit(), t.toString());
        Path raw = dir.resolve("ref.raw");
        w.applyToRaw(raw, size, clusterSize, true);
        assertBlockspecReads(img, "qcow2", raw);
    }

    @Test
    void backingChainOfDepthThreeWrittenByBlockspec() throws Exception {
        QemuTools.require("qemu-img");
        long size = 4 << 20;
        Path base = dir.resolve("base.qcow2");
        Path mid = dir.resolve("mid.qcow2");
        Path top = dir.resolve("top.qcow2");
        EngineImage.create(base, "qcow2", size, "cluster_size=4096", null, null);
        EngineImage.create(mid, "qcow2", -1, "cluster_size=65536", "base.qcow2", "qcow2");
        EngineImage.create(top, "qcow2", size + (1 << 20), "cluster_size=512", "mid.qcow2", "qcow2");
        Workload lower = Workload.mixed(size, 4096, 1);
        Workload middle = Workload.mixed(size, 65536, 2);
        Workload upper = Workload.mixed(size + (1 << 20), 512, 3);
        for (var layer : List.of(List.of(base, lower), List.of(mid, middle), List.of(top, upper))) {
            try (EngineImage e = EngineImage.open((Path) layer.get(0), "qcow2", true)) {
                ((Workload) layer.get(1)).applyTo(e);
            }
        }
        Path raw = dir.resolve("ref.raw");
        // Zero writes and discards in an overlay hide the backing file: the raw view is the layers in order.
        lower.applyToRaw(raw, size + (1 << 20), 4096, true);
        middle.applyToRaw(raw, size + (1 << 20), 65536, true);
        upper.applyToRaw(raw, size + (1 << 20), 512, true);
        for (Path p : List.of(base, mid, top)) assertQemuFindsClean(p);
        assertQemuFindsIdentical(top, raw);
        Tool chain = Tool.qemu(dir, "qemu-img", "info", "--backing-chain", top.toString());
        assertEquals(3, chain.stdout().split("\nimage: ").length, chain.toString());
    }

    @Test
    void backingChainOfDepthThreeWrittenByQemu() throws Exception {
        QemuTools.require("qemu-io");
        long size = 4 << 20;
        Path raw = dir.resolve("ref.raw");
        String[][] layers = {{"base.qcow2", null, "4096"}, {"mid.qcow2", "base.qcow2", "65536"},
                {"top.qcow2", "mid.qcow2", "2097152"}};
        for (int i = 0; i < layers.length; i++) {
            List<String> create = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-o",
                    "cluster_size=" + layers[i][2]));
            if (layers[i][1] != null) create.addAll(List.of("-b", layers[i][1], "-F", "qcow2"));
            create.addAll(List.of(dir.resolve(layers[i][0]).toString(), Long.toString(size)));
            assertEquals(0, Tool.qemu(dir, create).exit());
            Workload w = Workload.mixed(size, Integer.parseInt(layers[i][2]), 10 + i);
            List<String> io = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
            io.addAll(w.qemuIoArgs());
            io.add(dir.resolve(layers[i][0]).toString());
            assertEquals(0, Tool.qemu(dir, io).exit());
            w.applyToRaw(raw, size, Integer.parseInt(layers[i][2]), true);
        }
        assertBlockspecReads(dir.resolve("top.qcow2"), "qcow2", raw);
    }

    @Test
    void compressedClustersWrittenByQemuConvert() throws Exception {
        QemuTools.require("qemu-img");
        long size = 6 << 20;
        Path src = dir.resolve("src.raw");
        Workload.mixed(size, 65536, 5).applyToRaw(src, size, 65536, true);
        Path comp = dir.resolve("comp.qcow2");
        assertEquals(0, Tool.qemu(dir, "qemu-img", "convert", "-c", "-f", "raw", "-O", "qcow2", "-o", "cluster_size=4096",
                src.toString(), comp.toString()).exit());
        assertBlockspecReads(comp, "qcow2", src);
        // overwriting compressed clusters partly: they are decompressed, completed and stored normally
        try (EngineImage e = EngineImage.open(comp, "qcow2", true)) {
            e.write(512, new byte[] {1, 2, 3});
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(src.toFile(), "rw")) {
            f.seek(512);
            f.write(new byte[] {1, 2, 3});
        }
        assertQemuFindsClean(comp);
        assertQemuFindsIdentical(comp, src);
    }

    @ParameterizedTest(name = "cluster_size={0}")
    @ValueSource(ints = {512, 4096, 65536, 2 << 20})
    void compressedClustersWrittenByBlockspec(int clusterSize) throws Exception {
        QemuTools.require("qemu-img");
        long size = Math.max(4L << 20, 2L * clusterSize);
        Path img = dir.resolve("c.qcow2");
        EngineImage.create(img, "qcow2", size, "cluster_size=" + clusterSize, null, null);
        Path raw = dir.resolve("ref.raw");
        Workload.mixed(size, clusterSize, 7).applyToRaw(raw, size, clusterSize, true);
        byte[] all = Files.readAllBytes(raw);
        try (EngineImage e = EngineImage.open(img, "qcow2", true)) {
            for (long off = 0; off < size; off += clusterSize) {
                byte[] cluster = Arrays.copyOfRange(all, (int) off, (int) Math.min(size, off + clusterSize));
                if (!allZero(cluster)) e.writeCompressed(off, cluster);
            }
        }
        assertQemuFindsClean(img);
        assertQemuFindsIdentical(img, raw);
        Tool check = Tool.qemu(dir, "qemu-img", "check", "--output=json", img.toString());
        assertEquals(true, check.stdout().contains("\"compressed-clusters\""), check.toString());
    }

    @Test
    void imagesAroundFourGibibytesBothWays() throws Exception {
        QemuTools.require("qemu-io");
        long size = 5L << 30;
        long four = 4L << 30;
        List<Workload.Op> ops = List.of(new Workload.Op(four - 65536, 131072, 0x4a, false, false),
                new Workload.Op(four - 512, 1024, 0x4b, false, false), new Workload.Op(size - 4096, 4096, 0x4c, false, false),
                new Workload.Op(four + (1 << 20), 65536, 0, true, false), new Workload.Op(3L << 30, 8192, 0x4d, false, false));
        Workload w = new Workload(ops);
        Path raw = dir.resolve("ref.raw");
        w.applyToRaw(raw, size, 65536, true);
        Path ours = dir.resolve("ours.qcow2");
        EngineImage.create(ours, "qcow2", size, null, null, null);
        try (EngineImage e = EngineImage.open(ours, "qcow2", true)) {
            w.applyTo(e);
        }
        assertQemuFindsClean(ours);
        assertQemuFindsIdentical(ours, raw);
        Path theirs = dir.resolve("theirs.qcow2");
        assertEquals(0, Tool.qemu(dir, "qemu-img", "create", "-q", "-f", "qcow2", theirs.toString(), "5G").exit());
        List<String> io = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        io.addAll(w.qemuIoArgs());
        io.add(theirs.toString());
        assertEquals(0, Tool.qemu(dir, io).exit());
        try (EngineImage e = EngineImage.open(theirs, "qcow2", false);
             java.io.RandomAccessFile ref = new java.io.RandomAccessFile(raw.toFile(), "r")) {
            for (Workload.Op op : ops) {
                byte[] expected = new byte[op.length()];
                ref.seek(op.offset());
                ref.readFully(expected);
                assertArrayEquals(expected, e.read(op.offset(), op.length()), "at " + op.offset());
            }
            assertClean(e.check(CheckMode.NONE));
        }
    }

    /** 512-byte clusters and every refcount width: new refcount blocks and a larger table are needed. */
    @ParameterizedTest(name = "refcount_bits={0}")
    @ValueSource(ints = {1, 2, 4, 8, 16, 32, 64})
    void refcountStructuresGrowBothWays(int bits) throws Exception {
        QemuTools.require("qemu-io");
        long size = 6 << 20;
        Workload w = new Workload(List.of(new Workload.Op(0, 3 << 20, 0x5a, false, false),
                new Workload.Op(4 << 20, 1 << 20, 0x5b, false, false), new Workload.Op(1 << 20, 4096, 0, false, true)));
        Path raw = dir.resolve("ref.raw");
        w.applyToRaw(raw, size, 512, true);
        String opts = "cluster_size=512,refcount_bits=" + bits;
        Path ours = dir.resolve("ours.qcow2");
        EngineImage.create(ours, "qcow2", size, opts, null, null);
        try (EngineImage e = EngineImage.open(ours, "qcow2", true)) {
            w.applyTo(e);
        }
        assertQemuFindsClean(ours);
        assertQemuFindsIdentical(ours, raw);
        Path theirs = dir.resolve("theirs.qcow2");
        assertEquals(0, Tool.qemu(dir, "qemu-img", "create", "-q", "-f", "qcow2", "-o", opts, theirs.toString(),
                Long.toString(size)).exit());
        List<String> io = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        io.addAll(w.qemuIoArgs());
        io.add(theirs.toString());
        assertEquals(0, Tool.qemu(dir, io).exit());
        assertBlockspecReads(theirs, "qcow2", raw);
    }

    private void assertQemuFindsClean(Path img) throws IOException, InterruptedException {
        Tool t = Tool.qemu(dir, "qemu-img", "check", img.toString());
        assertEquals(0, t.exit(), "qemu-img check " + img + "\n" + t);
    }

    private void assertQemuFindsIdentical(Path img, Path raw) throws IOException, InterruptedException {
        Tool t = Tool.qemu(dir, "qemu-img", "compare", "-f", "qcow2", "-F", "raw", img.toString(), raw.toString());
        assertEquals("Images are identical.\n", t.stdout(), t.toString());
    }

    /** blockspec reads every byte the raw file holds and finds the image clean. */
    private static void assertBlockspecReads(Path img, String format, Path raw) throws Exception {
        byte[] expected = Files.readAllBytes(raw);
        try (EngineImage e = EngineImage.open(img, format, false)) {
            assertEquals(expected.length, e.length());
            int chunk = 1 << 20;
            for (int off = 0; off < expected.length; off += chunk) {
                int n = Math.min(chunk, expected.length - off);
                assertArrayEquals(Arrays.copyOfRange(expected, off, off + n), e.read(off, n), "at " + off);
            }
            assertClean(e.check(CheckMode.NONE));
        }
    }

    private static void assertClean(CheckResult r) {
        assertEquals(0, r.corruptions() + r.leaks() + r.checkErrors(), r.toString());
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
