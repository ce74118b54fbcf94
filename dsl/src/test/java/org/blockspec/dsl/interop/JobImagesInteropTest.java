package org.blockspec.dsl.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.differential.QemuTools;
import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.exec.Executor;
import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * The images jobs leave behind, judged by real QEMU tools: after each job the source and
 * target (or top and base) read the same in {@code qemu-img compare}, qcow2 images pass
 * {@code qemu-img check}, and a mirror whose guest keeps writing while it copies loses no
 * write (the target holds exactly what the guest wrote, checked against a model of the
 * writes). The jobs run through the scenario language on the virtual clock, so the writes
 * land between known chunks of the copy.
 */
class JobImagesInteropTest {
    @TempDir Path dir;

    private void run(String body) throws Exception {
        Scenario s = new ScenarioCompiler(DriverRegistry.load(getClass().getClassLoader()))
                .compile(dir.resolve("job.scenario"), "scenario \"s\" {\n" + body + "\n}\n").scenarios().getFirst();
        StepFailure f;
        try (EmbeddedBackend b = new EmbeddedBackend(dir)) {
            f = new Executor(null).run(s, b);
        }
        assertNull(f, () -> f.toString());
    }

    private String qemuImg(int expectedExit, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    @Test
    void mirrorRawToRawWithGuestWritesBetweenChunks() throws Exception {
        QemuTools.require("qemu-img");
        run("""
                image src.img raw 8M
                image tgt.img raw 8M
                node src raw file={ file filename=src.img }
                node tgt raw file={ file filename=tgt.img }
                device vda virtio-blk drive=src
                io vda write -P 0x11 0 8M
                job m1 mirror device=src target=tgt sync=full granularity=64k buf-size=1M
                run job m1 for 2 chunks
                io vda write -P 0x22 512k 64k
                io vda write -P 0x33 7M 128k
                run job m1 for 3 chunks
                io vda write -P 0x44 100k 4k
                run until job m1 ready
                io vda write -P 0x55 6M 512
                complete job m1
                run until job m1 null
                """);
        qemuImg(0, "compare", "-f", "raw", "-F", "raw", "src.img", "tgt.img");
    }

    @Test
    void driveMirrorOfAQcow2ChainIntoNewImages() throws Exception {
        QemuTools.require("qemu-img");
        run("""
                image base.qcow2 qcow2 4M
                node b qcow2 file={ file filename=base.qcow2 }
                io b write -P 0x11 0 3M
                delete node b
                image top.qcow2 qcow2 4M backing base.qcow2 qcow2
                node top qcow2 file={ file filename=top.qcow2 }
                device vda virtio-blk drive=top
                io vda write -P 0x22 1M 1M
                job full drive-mirror device=top target=full.qcow2 sync=full node-name=full
                io vda write -P 0x33 2M 64k
                run until job full ready
                cancel block-job full
                run until job full null
                job part drive-mirror device=top target=part.qcow2 sync=top node-name=part
                run job part for 1 chunk
                io vda write -P 0x44 3M 64k
                run until job part ready
                complete job part
                run until job part null
                """);
        qemuImg(0, "check", "full.qcow2");
        qemuImg(0, "check", "part.qcow2");
        // The full copy was taken before the last write and has no backing image.
        String info = qemuImg(0, "info", "full.qcow2");
        assertEquals(-1, info.indexOf("backing file"), info);
        qemuImg(1, "compare", "top.qcow2", "full.qcow2");
        qemuImg(0, "compare", "-f", "qcow2", "-F", "qcow2", "part.qcow2", "top.qcow2");
    }

    @Test
    void activeCommitLeavesTheBaseReadingAsTheTop() throws Exception {
        QemuTools.require("qemu-img");
        run("""
                image base.qcow2 qcow2 4M
                image mid.qcow2 qcow2 4M backing base.qcow2 qcow2
                image top.qcow2 qcow2 4M backing mid.qcow2 qcow2
                node top qcow2 file={ file filename=top.qcow2 }
                device vda virtio-blk drive=top
                io vda write -P 0x22 0 1M
                io vda write -P 0x33 2M 512k
                job c1 commit device=top
                run job c1 for 1 chunk
                io vda write -P 0x44 3M 64k
                run until job c1 ready
                io vda write -P 0x55 1M 4k
                complete job c1
                run until job c1 null
                """);
        qemuImg(0, "check", "base.qcow2");
        qemuImg(0, "check", "top.qcow2");
        // The base now holds everything the top held, and more (the writes after the switch).
        qemuImg(0, "compare", "-f", "qcow2", "-F", "qcow2", "base.qcow2", "top.qcow2");
    }

    /** Seeded random guest writes between random numbers of chunks; the target must hold every one. */
    @ParameterizedTest(name = "copy-mode {0}")
    @ValueSource(strings = {"background", "write-blocking"})
    void aMirrorLosesNoGuestWrite(String copyMode) throws Exception {
        QemuTools.require("qemu-img");
        int size = 16 << 20;
        byte[] model = new byte[size];
        Random rnd = new Random(0x5eed ^ copyMode.hashCode());
        StringBuilder body = new StringBuilder("""
                image src.img raw 16M
                image tgt.img raw 16M
                node src raw file={ file filename=src.img }
                node tgt raw file={ file filename=tgt.img }
                device vda virtio-blk drive=src
                """);
        write(body, model, 0, 4 << 20, 0x11);
        body.append("job m1 mirror device=src target=tgt sync=full granularity=64k buf-size=256k copy-mode=")
                .append(copyMode).append('\n');
        for (int round = 0; round < 40; round++) {
            int writes = rnd.nextInt(4);
            for (int i = 0; i < writes; i++) {
                int len = (1 + rnd.nextInt(32)) * 512;
                int off = rnd.nextInt((size - len) / 512) * 512;
                write(body, model, off, len, 1 + rnd.nextInt(254));
            }
            if (round < 30) body.append("run job m1 for ").append(1 + rnd.nextInt(3)).append(" chunks\n");
            else if (round == 30) body.append("run until job m1 ready\n");
        }
        body.append("complete job m1\nrun until job m1 null\n");
        run(body.toString());
        qemuImg(0, "compare", "-f", "raw", "-F", "raw", "src.img", "tgt.img");
        assertArrayEquals(model, readAll(dir.resolve("tgt.img"), size));
    }

    private static void write(StringBuilder body, byte[] model, int off, int len, int pattern) {
        body.append("io vda write -P ").append(pattern).append(' ').append(off).append(' ').append(len).append('\n');
        java.util.Arrays.fill(model, off, off + len, (byte) pattern);
    }

    private static byte[] readAll(Path p, int size) throws IOException {
        byte[] b = Files.readAllBytes(p);
        return b.length == size ? b : java.util.Arrays.copyOf(b, size);
    }
}
