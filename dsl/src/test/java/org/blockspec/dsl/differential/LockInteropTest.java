package org.blockspec.dsl.differential;

import static org.blockspec.dsl.cli.CliProcess.withoutTiming;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.blockspec.dsl.cli.CliProcess;
import org.blockspec.dsl.differential.ImageHolder.Hold;
import org.blockspec.dsl.differential.ImageHolder.Program;

/**
 * Image locks between blockspec and real QEMU 7.2. For each way of holding an image
 * (qemu-io read-write, read-only, read-only with -U; a VM's disk with share-rw off or on,
 * or with locking=off) and each way of opening it a second time (read-write, -r, -r -U,
 * locking=off), the test first records what two QEMU processes do, then requires the same
 * outcome, exit status and message when either side is blockspec; the holders must also
 * publish the same lock bytes.
 */
class LockInteropTest {
    @TempDir Path dir;

    /** Image formats; qcow2 joins once its driver exists, with its own way to create an image. */
    enum Format {
        RAW("raw");

        final String driver;

        Format(String driver) {
            this.driver = driver;
        }

        void create(Path image) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(1 << 20);
            }
        }
    }

    /** The second open, as qemu-io options (before the image name); locking=off needs --image-opts. */
    enum Open { READ_WRITE, READ_ONLY, READ_ONLY_FORCE_SHARE, LOCKING_OFF }

    /** What an opener shows: exit status, output without timings, errors with the tool's name as qemu-io's. */
    record Outcome(int exit, String stdout, String stderr) {
        static Outcome of(CliProcess p) {
            return new Outcome(p.exit(), withoutTiming(p.stdout()), p.stderr().replace("blockspec io: ", "qemu-io: "));
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Format f : Format.values()) for (Hold h : Hold.values()) out.add(Arguments.of(f, h));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} image held {1}")
    @MethodSource("cases")
    void blockspecAndQemuMeetEachOthersLocksAsTwoQemusDo(Format format, Hold hold) throws Exception {
        QemuTools.require("qemu-io");
        QemuTools.require("qemu-system-x86_64");
        Path image = dir.resolve("shared." + format.driver);
        format.create(image);

        Map<Open, Outcome> qemuBesideQemu = new EnumMap<>(Open.class);
        String qemuLocks;
        try (ImageHolder h = ImageHolder.start(Program.QEMU, hold, format.driver, image, dir.resolve("q1"))) {
            qemuLocks = ImageHolder.locks(image).describe();
            for (Open o : Open.values()) qemuBesideQemu.put(o, open(Program.QEMU, o, format, image));
        }
        if (hold == Hold.DEVICE) {
            assertEquals(1, qemuBesideQemu.get(Open.READ_WRITE).exit(), "between two QEMUs a VM's disk refuses a writer");
        }
        try (ImageHolder h = ImageHolder.start(Program.BLOCKSPEC, hold, format.driver, image, dir.resolve("b"))) {
            assertEquals(qemuLocks, settledLocks(image, qemuLocks), "lock bytes of the holder");
            for (Open o : Open.values()) {
                assertEquals(qemuBesideQemu.get(o), open(Program.QEMU, o, format, image), "qemu-io " + o + " beside blockspec");
            }
        }
        try (ImageHolder h = ImageHolder.start(Program.QEMU, hold, format.driver, image, dir.resolve("q2"))) {
            for (Open o : Open.values()) {
                assertEquals(qemuBesideQemu.get(o), open(Program.BLOCKSPEC, o, format, image), "blockspec io " + o + " beside QEMU");
            }
        }
        assertEquals("holds: nothing; does not share: nothing", ImageHolder.locks(image).describe(), "all gone");
    }

    /**
     * The holder's lock bytes once it finished opening: a holder is ready as soon as it reads
     * (see {@link ImageHolder}), but it may take its write permission a moment later, as
     * QEMU's own tools can, so give it a few seconds to reach {@code expected}.
     */
    private static String settledLocks(Path image, String expected) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        String now = ImageHolder.locks(image).describe();
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            now = ImageHolder.locks(image).describe();
        }
        return now;
    }

    private Outcome open(Program program, Open how, Format format, Path image) throws Exception {
        List<String> args = new ArrayList<>();
        switch (how) {
            case READ_WRITE -> args.addAll(List.of("-f", format.driver));
            case READ_ONLY -> args.addAll(List.of("-f", format.driver, "-r"));
            case READ_ONLY_FORCE_SHARE -> args.addAll(List.of("-f", format.driver, "-r", "-U"));
            case LOCKING_OFF -> args.add("--image-opts");
        }
        args.addAll(List.of("-c", "read 0 512"));
        args.add(how == Open.LOCKING_OFF
                ? "driver=" + format.driver + ",file.driver=file,file.locking=off,file.filename=" + image
                : image.toString());
        if (program == Program.QEMU) {
            args.addFirst("qemu-io");
            return Outcome.of(CliProcess.run(dir, null, args));
        }
        args.addFirst("io");
        return Outcome.of(CliProcess.blockspec(dir, null, args.toArray(String[]::new)));
    }
}
