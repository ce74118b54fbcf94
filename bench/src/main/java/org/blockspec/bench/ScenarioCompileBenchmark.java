package org.blockspec.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.engine.graph.DriverRegistry;

/** Parse and compile of one typical scenario (lexer, parser, name and option checks). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScenarioCompileBenchmark {
    static final String SCENARIO = """
            feature "Guest disks" @devices
            background {
                image disk.img raw 64M
                node proto file filename=disk.img
            }
            scenario "Two writers refuse each other unless both share writes" @perms {
                node disk0 raw file=proto
                device vda virtio-blk drive=disk0
                device vdb virtio-blk drive=disk0
                expect error matches "Permission conflict on node 'disk0': .*"
                io vda write -P 0x5a 0 64k
                expect data disk0 0 64k pattern 0x5a
                expect perms vda -> disk0 requires {consistent-read, write} shares {consistent-read, write-unchanged, resize}
                expect graph exactly {
                    vda -> disk0
                    disk0: raw
                    disk0/file = proto
                    proto: file
                }
            }
            """;

    ScenarioCompiler compiler;

    @Setup
    public void setUp() {
        compiler = new ScenarioCompiler(DriverRegistry.load(getClass().getClassLoader()));
    }

    @Benchmark
    public Object parseAndCompile() throws Exception {
        return compiler.compile(Path.of("bench.scenario"), SCENARIO);
    }
}
