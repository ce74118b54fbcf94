package org.blockspec.dsl.transcript;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.QmpMonitor;

/**
 * Replays a {@link Transcript} on a fresh engine in its own directory and reports every
 * difference with the transcript's line number.
 */
public final class TranscriptRunner {
    /** One difference between the transcript and what the engine answered. */
    public record Failure(int line, String message) {
    }

    public record Result(Transcript transcript, List<Failure> failures) {
        public boolean passed() { return failures.isEmpty(); }
    }

    private TranscriptRunner() {
    }

    /** @param qemuIoOutput where the engine's standard output and error go (QEMU's process output) */
    public static Result run(Transcript t, Path workDir, PrintStream qemuIoOutput) throws IOException {
        Files.createDirectories(workDir);
        for (var img : t.images().entrySet()) {
            try (RandomAccessFile f = new RandomAccessFile(workDir.resolve(img.getKey()).toFile(), "rw")) {
                f.setLength(img.getValue());
            }
        }
        String dir = workDir.toAbsolutePath().toString();
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        List<Failure> failures = new ArrayList<>();
        try (Engine engine = Engine.builder().stdout(qemuIoOutput).stderr(qemuIoOutput)
                .name("transcript-main").build()) {
            for (ImageDirective d : t.created()) {
                try {
                    d.run(engine, workDir);
                } catch (org.blockspec.engine.spi.BlockException e) {
                    failures.add(new Failure(d.line(), "image creation failed: " + e.getMessage()));
                    return new Result(t, failures);
                }
            }
            QmpMonitor monitor = engine.monitor(line -> {
                JsonNode m = read(line);
                if (m.has("event")) events.add(m);
            });
            monitor.execute("{\"execute\":\"qmp_capabilities\"}");
            int eventCursor = 0;
            for (Transcript.Step s : t.steps()) {
                JsonNode actual = QmpNormalizer.normalize(monitor.execute(s.command().replace("$DIR", dir)), dir);
                if (s.expectedReply() == null) {
                    if (!actual.has("return")) failures.add(new Failure(s.line(), "command failed: " + QmpJson.write(actual)));
                } else {
                    JsonNode expected = QmpNormalizer.normalize(s.expectedReply(), null);
                    if (!expected.equals(actual)) {
                        failures.add(new Failure(s.replyLine(), "reply differs\n    expected: " + QmpJson.write(expected)
                                + "\n    actual:   " + QmpJson.write(actual)));
                    }
                }
                engine.loop().call(() -> null); // let deferred events of this command fire
                for (Transcript.Expected e : s.events()) {
                    JsonNode want = QmpNormalizer.normalize(e.message(), null);
                    JsonNode got = eventCursor < events.size()
                            ? QmpNormalizer.normalize(events.get(eventCursor), dir) : null;
                    if (got == null || !withoutTimestamp(want).equals(withoutTimestamp(got))) {
                        failures.add(new Failure(e.line(), "expected event " + QmpJson.write(want) + "\n    got: "
                                + (got == null ? "no further event" : QmpJson.write(got))));
                    }
                    eventCursor++;
                }
            }
            monitor.close();
        }
        return new Result(t, failures);
    }

    private static JsonNode withoutTimestamp(JsonNode n) {
        var copy = n.deepCopy();
        if (copy.isObject()) ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("timestamp");
        return copy;
    }

    private static JsonNode read(String line) {
        try {
            return QmpJson.read(line);
        } catch (IOException e) {
            throw new IllegalStateException("monitor wrote invalid JSON: " + line, e);
        }
    }
}
