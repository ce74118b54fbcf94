package org.blockspec.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 4 KiB reads striding 512 MiB + 4 KiB through a 1 TiB qcow2 image (64 KiB clusters) whose
 * 2048 L2 tables all exist: each request needs a different L2 table, and the tables (128 MiB)
 * are four times the default L2 cache (32 MiB), so every request misses. The fork's heap is
 * capped at 96 MiB: it passes only while the cache stays bounded. bench/run compares with
 * qemu-img bench -S on the same kind of image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "-Xmx96m")
public class Qcow2L2MissBenchmark extends BackendBench {
    static final long SIZE = 1L << 40;
    static final long L2_SPAN = 512L << 20;
    static final long STRIDE = L2_SPAN + BLOCK;

    @Setup
    public void setUp() throws Exception {
        qmp = new QmpBench();
        Path img = qmp.qcow2("big.qcow2", SIZE, null);
        blk = qmp.open("disk", "qcow2", img);
        for (long off = 0; off < SIZE; off += L2_SPAN) write(off);
    }

    @TearDown
    public void tearDown() throws Exception {
        qmp.close();
    }

    @Benchmark
    public Object read4k() {
        return read(advance(STRIDE, SIZE));
    }
}
