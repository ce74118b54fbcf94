package org.blockspec.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.qmp.QmpMonitor;

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

    @Override
    public void close() throws IOException {
        monitor.close();
        engine.close();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
