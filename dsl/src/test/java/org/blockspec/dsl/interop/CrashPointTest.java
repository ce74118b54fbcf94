package org.blockspec.dsl.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.differential.QemuTools;
import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.qmp.QmpMonitor;
import org.blockspec.engine.spi.CheckMode;
import org.blockspec.engine.spi.CheckResult;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * Crash safety: a write workload runs on a qcow2 image through a layer that stops persisting
 * changes after change number N, for every N the workload makes. After each cut, blockspec's
 * check and qemu-img check may find leaked clusters, never corruption. The workload makes
 * the driver allocate L2 tables, refcount blocks and a larger refcount table, overwrite,
 * zero, discard and compress.
 */
class CrashPointTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "cluster_size={0} refcount_bits={1}")
    @CsvSource({"512, 64", "4096, 16"})
    void noCorruptionAfterAnyCut(int clusterSize, int refcountBits) throws Exception {
        QemuTools.require("qemu-img");
        Path fresh = dir.resolve("fresh.qcow2");
        EngineImage.create(fresh, "qcow2", 4 << 20, "cluster_size=" + clusterSize + ",refcount_bits=" + refcountBits,
                null, null);
        Path img = dir.resolve("img.qcow2");
        long total = runWorkload(fresh, img, Long.MAX_VALUE, clusterSize);
        assertTrue(total > 20, "the workload should change the file many times, made " + total);
        List<String> failures = new ArrayList<>();
        for (long cut = 0; cut <= total; cut++) {
            runWorkload(fresh, img, cut, clusterSize);
            CheckResult ours;
            try (EngineImage e = EngineImage.open(img, "qcow2", false)) {
                ours = e.check(CheckMode.NONE);
            }
            Tool qemu = Tool.qemu(dir, "qemu-img", "check", "--output=json", img.toString());
            if (ours.corruptions() != 0 || ours.checkErrors() != 0) failures.add("cut " + cut + ": blockspec " + ours);
            if (qemu.exit() != 0 && qemu.exit() != 3) failures.add("cut " + cut + ": qemu-img check " + qemu);
        }
        assertEquals(List.of(), failures);
    }

    /** Copies {@code fresh} to {@code img}, runs the workload persisting {@code cut} changes; returns changes made. */
    private static long runWorkload(Path fresh, Path img, long cut, int cs) throws Exception {
        Files.copy(fresh, img, StandardCopyOption.REPLACE_EXISTING);
        try (Engine engine = Engine.builder().build()) {
            QmpMonitor m = engine.monitor(line -> { });
            m.execute("{'execute':'qmp_capabilities'}");
            JsonNode r = m.execute("{'execute':'blockdev-add','arguments':{'driver':'qcow2','node-name':'img',"
                    + "'file':{'driver':'test-crash','persist-writes':" + Math.min(cut, Integer.MAX_VALUE)
                    + ",'file':{'driver':'file','filename':'" + img + "'}}}}");
            assertTrue(r.has("return"), r.toString());
            BlockBackend b = engine.loop().call(() -> BackendOps.create(engine.graph(), null, null,
                    engine.graph().node("img"), new Perms(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE), PermSet.ALL)));
            engine.loop().call(() -> {
                for (int i = 0; i < 40; i++) {
                    write(b, (long) i * 3 * cs + 100, 2 * cs, i + 1);
                    if (i % 7 == 3) ok(b.root().flush());
                }
                write(b, 1 << 20, 128 << 10, 0x70);
                ok(b.root().writeZeroes(3 * cs, 4L * cs, ReqFlags.NONE.withMayUnmap(true)));
                ok(b.root().discard(9L * cs, 3L * cs));
                write(b, 200, 300, 0x71);
                byte[] data = new byte[cs];
                java.util.Arrays.fill(data, (byte) 0x72);
                ok(b.root().writeCompressed(3L << 20, ByteBuffer.wrap(data)));
                write(b, (3L << 20) + 10, 20, 0x73);
                ok(b.root().flush());
                write(b, (2L << 20) + 7, 64 << 10, 0x74);
                return null;
            });
            m.close();
        }
        return CrashTestDriver.COUNTED.get();
    }

    private static void write(BlockBackend b, long offset, int length, int pattern) {
        byte[] buf = new byte[length];
        java.util.Arrays.fill(buf, (byte) pattern);
        ok(b.root().write(offset, ByteBuffer.wrap(buf)));
    }

    /**
     * Requests must succeed until the cut. After it the driver reads back metadata that never
     * reached the file, so its requests may fail; only what reached the file is judged.
     */
    private static void ok(IoResult r) {
        if (!r.ok() && !CrashTestDriver.cut) throw new AssertionError("request failed before the cut: " + r);
    }
}
