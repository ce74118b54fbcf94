package org.blockspec.drivers.qcow2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.image.ImageNodes;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.CheckMode;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * Fuzzing the header and table parsing: random bytes written over the metadata of a small
 * image with data (header, extensions, refcount table and block, L1 and L2 tables). Opening
 * it read-write and read-only, reading and writing through it and checking it must end in a
 * refusal with a message or an I/O error, never an exception, and never take unbounded time.
 */
class Qcow2FuzzTest {
    private static Path dir;
    private static byte[] pristine;
    /** Where metadata lives in the pristine image (header 0, refcount table 64k, block 128k, L1 192k, L2 256k). */
    private static final List<Long> REGIONS = List.of(0L, 65536L, 131072L, 196608L, 262144L);

    /** One corruption: a few bytes at an offset near a metadata structure. */
    record Mutation(long offset, byte[] bytes) {
    }

    @BeforeContainer
    static void image() throws Exception {
        dir = Files.createTempDirectory("qcow2-fuzz");
        Path img = dir.resolve("pristine.qcow2");
        try (Engine e = quietEngine()) {
            e.loop().call(() -> {
                ImageCreator.create(e, new ImageCreator.Request(img.toString(), "qcow2", 4 << 20, null, null, null,
                        false, true), e.stdout());
                BlockBackend b = ImageNodes.backend(e, ImageNodes.open(e, ImageRequest.of(null, img.toString(), "qcow2", false)),
                        new Perms(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE), PermSet.ALL));
                for (int i = 0; i < 8; i++) b.root().write(i * 300_000L, ByteBuffer.wrap(new byte[70_000]).put(0, (byte) i));
                return null;
            });
        }
        pristine = Files.readAllBytes(img);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Long> offset = Combinators.combine(Arbitraries.of(REGIONS), Arbitraries.integers().between(0, 600))
                .as((base, delta) -> base + delta);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(offset, bytes).as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 300, seed = "20261127")
    void damagedImagesAreRefusedOrServedButNeverCrash(@ForAll("mutations") List<Mutation> damage) throws Exception {
        Path img = dir.resolve("fuzz.qcow2");
        Files.write(img, pristine);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            for (Mutation m : damage) {
                f.seek(m.offset());
                f.write(m.bytes());
            }
        }
        for (boolean writable : new boolean[] {true, false}) exercise(img, writable);
    }

    private static void exercise(Path img, boolean writable) {
        try (Engine e = quietEngine()) {
            e.loop().call(() -> {
                BlockBackend b;
                try {
                    b = ImageNodes.backend(e, ImageNodes.open(e, ImageRequest.of(null, img.toString(), "qcow2", !writable)),
                            new Perms(writable ? PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE) : PermSet.of(Perm.CONSISTENT_READ),
                                    PermSet.ALL));
                } catch (BlockException refused) {
                    assertTrue(!refused.getMessage().isBlank(), "a refusal says why");
                    return null;
                }
                long length = b.root().length();
                ByteBuffer buf = ByteBuffer.allocate(65536);
                for (long off = 0; off < Math.min(length, 4 << 20); off += 262144) b.root().read(off, buf.clear());
                if (writable) {
                    b.root().write(4096, ByteBuffer.wrap(new byte[8192]));
                    b.root().write(1 << 20, ByteBuffer.wrap(new byte[70_000]));
                    b.root().writeZeroes(2 << 20, 131072, ReqFlags.NONE.withMayUnmap(true));
                    b.root().discard(3 << 20, 65536);
                    b.root().flush();
                }
                try {
                    b.node().driver().check(CheckMode.NONE, line -> { });
                } catch (BlockException checkFailed) {
                    assertTrue(!checkFailed.getMessage().isBlank(), "a failed check says why");
                }
                return null;
            });
        }
    }

    private static Engine quietEngine() {
        PrintStream none = new PrintStream(PrintStream.nullOutputStream());
        return Engine.builder().stdout(none).stderr(none).build();
    }
}
