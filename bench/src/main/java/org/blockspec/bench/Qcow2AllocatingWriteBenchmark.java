package org.blockspec.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 4 KiB writes, one at a time, at consecutive offsets of a new, empty qcow2 image (64 KiB
 * clusters, 64 GiB virtual), so every 16th write allocates a cluster and every 8192nd an L2
 * table; a fresh image per iteration. bench/run compares with qemu-img bench -w on a new image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Qcow2AllocatingWriteBenchmark extends BackendBench {
    static final long SIZE = 64L << 30;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        qmp = new QmpBench();
        blk = qmp.open("disk", "qcow2", qmp.qcow2("alloc.qcow2", SIZE, null));
        next = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        qmp.close();
    }

    @Benchmark
    public Object write4k() {
        return write(advance(BLOCK, SIZE));
    }
}
