package org.blockspec.dsl.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code results.json}: every scenario run of a report, so shards merge into one report,
 * documentation shows which backend passed what, and later runs balance shards by duration.
 */
public final class Results {
    public static final String FILE = "results.json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** The runs' order in every report: file, line, then name (variants share a line). */
    public static final Comparator<ScenarioRun> ORDER = Comparator.comparing(ScenarioRun::file)
            .thenComparingInt(ScenarioRun::line).thenComparing(ScenarioRun::name).thenComparing(ScenarioRun::backend);

    /** The file's content. */
    public record Content(int version, List<ScenarioRun> runs) {
    }

    private Results() {
    }

    public static void write(Path file, List<ScenarioRun> runs) throws IOException {
        List<ScenarioRun> sorted = new ArrayList<>(runs);
        sorted.sort(ORDER);
        Files.write(file, MAPPER.writeValueAsBytes(new Content(1, sorted)));
    }

    /** Reads a results file, or the one in a report directory. */
    public static List<ScenarioRun> read(Path fileOrDir) throws IOException {
        Path f = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(FILE) : fileOrDir;
        try {
            Content c = MAPPER.readValue(f.toFile(), Content.class);
            return c.runs() == null ? List.of() : c.runs();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(f + ": not a blockspec results file (" + e.getOriginalMessage() + ")");
        }
    }
}
