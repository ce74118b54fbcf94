package org.blockspec.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;


/**
 * 4 KiB requests, one at a time, at consecutive offsets of a fully written 256 MiB image
 * (wrapping at the end), raw or qcow2 (64 KiB clusters) over file, through a BlockBackend (the
 * guest's path) on the engine's event loop. bench/run compares the result with qemu-img bench
 * doing the same on an image of the same format.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Io4kBenchmark extends BackendBench {
    static final int SIZE = 256 << 20;

    @Param({"raw", "qcow2"})
    String format;

    @Setup
    public void setUp() throws Exception {
        qmp = new QmpBench();
        Path img = format.equals("qcow2") ? qmp.qcow2("io.qcow2", SIZE, null) : qmp.image("io.img", SIZE);
        blk = qmp.open("disk", format, img);
        qmp.fill(blk, SIZE, (byte) 0x5a);
    }

    @TearDown
    public void tearDown() throws Exception {
        qmp.close();
    }

    @Benchmark
    public Object write4k() {
        return write(advance(BLOCK, SIZE));
    }

    @Benchmark
    public Object read4k() {
        return read(advance(BLOCK, SIZE));
    }
}
