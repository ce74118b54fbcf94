package org.blockspec.bench;

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

import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * A full permission refresh of a graph of {@code nodes} nodes: a chain of raw nodes over a
 * null-co node, with a BlockBackend on top whose permissions alternate between read-only and
 * read-write, so every edge of the chain is recomputed and changes each time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PermissionRefreshBenchmark {
    @Param("1000")
    int nodes;

    QmpBench qmp;
    BlockBackend top;
    boolean writable;

    @Setup
    public void setUp() throws Exception {
        qmp = new QmpBench();
        qmp.ok("{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"null-co\",\"node-name\":\"n0\"}}");
        for (int i = 1; i < nodes; i++) {
            qmp.ok("{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"raw\",\"node-name\":\"n" + i
                    + "\",\"file\":\"n" + (i - 1) + "\"}}");
        }
        var engine = qmp.engine;
        top = engine.loop().call(() -> BackendOps.create(engine.graph(), null, null,
                engine.graph().node("n" + (nodes - 1)), new Perms(PermSet.of(Perm.CONSISTENT_READ), PermSet.ALL)));
    }

    @TearDown
    public void tearDown() throws Exception {
        qmp.close();
    }

    @Benchmark
    public boolean refreshWholeChain() {
        writable = !writable;
        PermSet perm = writable ? PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE) : PermSet.of(Perm.CONSISTENT_READ);
        var engine = qmp.engine;
        engine.loop().call(() -> {
            BackendOps.setPerms(engine.graph(), top, new Perms(perm, PermSet.ALL));
            return null;
        });
        return writable;
    }
}
