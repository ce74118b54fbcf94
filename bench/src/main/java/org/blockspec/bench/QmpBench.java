package org.blockspec.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import java.nio.ByteBuffer;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.qmp.QmpMonitor;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/** An engine with one negotiated monitor and a scratch directory, for benchmarks. */
final class QmpBench implements AutoCloseable {
    final Engine engine;
    final QmpMonitor monitor;
    final Path dir;

    QmpBench() throws IOException {
        dir = Files.createTempDirectory("blockspec-bench");
        engine = Engine.builder().stdout(new PrintStream(PrintStream.nullOutputStream())).build();
        monitor = engine.monitor(line -> { });
        monitor.execute("{\"execute\":\"qmp_capabilities\"}");
    }

    JsonNode ok(String command) {
        JsonNode r = monitor.execute(command);
        if (!r.has("return")) throw new IllegalStateException(command + " -> " + r);
        return r.get("return");
    }

    Path image(String name, long size) throws IOException {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    /** A qcow2 image as qemu-img create -f qcow2 -o OPTIONS makes it (options may be null). */
    Path qcow2(String name, long size, String options) {
        Path p = dir.resolve(name);
        engine.loop().call(() -> {
            ImageCreator.create(engine, new ImageCreator.Request(p.toString(), "qcow2", size, options, null, null,
                    false, true), engine.stdout());
            return null;
        });
        return p;
    }

    /** Adds FORMAT over a file node on IMAGE as node NAME and attaches a guest-like backend to it. */
    BlockBackend open(String name, String format, Path image) {
        ok("{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"" + format + "\",\"node-name\":\"" + name
                + "\",\"file\":{\"driver\":\"file\",\"filename\":\"" + image + "\"}}}");
        return engine.loop().call(() -> BackendOps.create(engine.graph(), null, null, engine.graph().node(name),
                new Perms(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE), PermSet.ALL)));
    }

    /** Writes BYTE over [0, length) in 1 MiB requests, so later requests hit allocated blocks. */
    void fill(BlockBackend blk, long length, byte value) {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, value);
        for (long off = 0; off < length; off += chunk.length) {
            long o = off;
            engine.loop().call(() -> blk.write(o, ByteBuffer.wrap(chunk), ReqFlags.NONE));
        }
    }

    @Override
    public void close() throws IOException {
        monitor.close();
        engine.close();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
