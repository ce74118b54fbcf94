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
 * blockdev-add of a three-node chain (raw over raw over file, nested in one command) and its
 * blockdev-del, through the QMP dispatcher as a client would send them: JSON in, JSON out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GraphChangeBenchmark {
    QmpBench qmp;
    String add;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        qmp = new QmpBench();
        String img = qmp.image("chain.img", 1 << 20).toString();
        add = "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"raw\",\"node-name\":\"top\",\"file\":"
                + "{\"driver\":\"raw\",\"node-name\":\"mid\",\"file\":{\"driver\":\"file\",\"node-name\":\"proto\","
                + "\"filename\":\"" + img + "\"}}}}";
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        qmp.close();
    }

    @Benchmark
    public Object addAndDeleteThreeNodeChain() {
        qmp.ok(add);
        return qmp.ok("{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"top\"}}");
    }
}
