package org.blockspec.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * 4 KiB requests, one at a time, at consecutive offsets of a preallocated 256 MiB
 * raw-over-file image (wrapping at the end), through a BlockBackend (the guest's path) on the
 * engine's event loop. bench/run compares the result with qemu-img bench doing the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RawIoBenchmark {
    static final int SIZE = 256 << 20;
    static final int BLOCK = 4096;

    QmpBench qmp;
    BlockBackend blk;
    final ByteBuffer buf = ByteBuffer.allocate(BLOCK);
    long next;

    @Setup
    public void setUp() throws Exception {
        qmp = new QmpBench();
        String img = qmp.image("io.img", SIZE).toString();
        qmp.ok("{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"raw\",\"node-name\":\"disk\",\"file\":"
                + "{\"driver\":\"file\",\"filename\":\"" + img + "\"}}}");
        var engine = qmp.engine;
        blk = engine.loop().call(() -> BackendOps.create(engine.graph(), null, null, engine.graph().node("disk"),
                new Perms(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE), PermSet.ALL)));
        // Fill the image so every request hits allocated blocks, as on bench/run's qemu-img side.
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) 0x5a);
        for (long off = 0; off < SIZE; off += chunk.length) {
            long o = off;
            engine.loop().call(() -> blk.write(o, ByteBuffer.wrap(chunk), ReqFlags.NONE));
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        qmp.close();
    }

    private long offset() {
        long off = next;
        next = (next + BLOCK) % SIZE;
        return off;
    }

    @Benchmark
    public Object write4k() {
        long off = offset();
        return qmp.engine.loop().call(() -> blk.write(off, buf.clear(), ReqFlags.NONE));
    }

    @Benchmark
    public Object read4k() {
        long off = offset();
        return qmp.engine.loop().call(() -> blk.read(off, buf.clear()));
    }
}
