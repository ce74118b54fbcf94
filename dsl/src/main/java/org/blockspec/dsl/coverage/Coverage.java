package org.blockspec.dsl.coverage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.exec.Backend;
import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.report.Html;
import org.blockspec.dsl.transcript.Transcript;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.qmp.QmpJson;

/** Builds the coverage index of scenario files and shows it as text, JSON or an HTML page. */
public final class Coverage {
    private Coverage() {
    }

    /** Files that do not compile are left out and named in {@code problems}. */
    public static ObjectNode of(List<Path> files, List<String> problems) {
        DriverRegistry drivers = DriverRegistry.load(Coverage.class.getClassLoader());
        ScenarioCompiler compiler = new ScenarioCompiler(drivers);
        CoverageIndex index = new CoverageIndex();
        for (Path f : files) {
            try {
                if (f.toString().endsWith(".qmp")) index.add(Transcript.parse(f));
                else for (Scenario s : compiler.compile(f).scenarios()) index.add(s);
            } catch (CompileException | Transcript.Invalid e) {
                problems.add(f + ": does not compile; left out of the index");
            } catch (IOException e) {
                problems.add(f + ": cannot read: " + e.getMessage());
            }
        }
        return index.toJson(Implemented.scan(commands(drivers), drivers));
    }

    /** The commands an engine answers in query-commands. */
    private static List<String> commands(DriverRegistry drivers) {
        List<String> out = new ArrayList<>();
        try {
            Path dir = Files.createTempDirectory("blockspec-coverage");
            try (Backend b = new EmbeddedBackend(dir, drivers, false)) {
                for (JsonNode c : b.qmp("main", "query-commands", QmpJson.MAPPER.createObjectNode()).path("return")) {
                    out.add(c.path("name").asText());
                }
            } finally {
                Files.deleteIfExists(dir);
            }
        } catch (IOException | Backend.BackendException e) {
            // No engine to ask: the command list stays empty and says nothing is untouched.
        }
        return out;
    }

    public static String text(ObjectNode c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.path("scenarios").asInt()).append(" scenarios and transcripts\n");
        section(sb, "QMP commands", c.path("commands").path("exercised"), c.path("commands").path("untouched"));
        section(sb, "events", c.path("events").path("exercised"), c.path("events").path("untouched"));
        section(sb, "permissions", c.path("permissions").path("exercised"), c.path("permissions").path("untouched"));
        section(sb, "job states", c.path("job-states").path("exercised"), c.path("job-states").path("untouched"));
        JsonNode drv = c.path("drivers");
        sb.append("\ndrivers (nodes; options used):\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = drv.path("exercised").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            sb.append("  ").append(e.getKey()).append(" (").append(e.getValue().path("nodes").asInt()).append("): ");
            List<String> opts = new ArrayList<>();
            e.getValue().path("options").properties().forEach(o -> opts.add(o.getKey() + " " + o.getValue().asInt()));
            sb.append(String.join(", ", opts)).append('\n');
            List<String> never = new ArrayList<>();
            e.getValue().path("untouched-options").forEach(n -> never.add(n.asText()));
            if (!never.isEmpty()) sb.append("    options never used: ").append(String.join(", ", never)).append('\n');
        }
        List<String> unusedDrivers = new ArrayList<>();
        drv.path("untouched").forEach(n -> unusedDrivers.add(n.asText()));
        sb.append("  drivers no scenario uses: ").append(unusedDrivers.isEmpty() ? "none" : String.join(", ", unusedDrivers))
                .append('\n');
        JsonNode err = c.path("errors");
        sb.append("\nerror messages: ").append(err.path("asserted").size()).append(" asserted; ")
                .append(err.path("never-asserted").size()).append(" of ").append(err.path("messages-implemented").asInt())
                .append(" implemented messages never asserted (").append(Implemented.HOLE).append(" marks a value):\n");
        err.path("never-asserted").forEach(m -> sb.append("  ").append(m.asText()).append('\n'));
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, JsonNode used, JsonNode untouched) {
        List<String> u = new ArrayList<>();
        used.properties().forEach(e -> u.add(e.getKey() + " " + e.getValue().asInt()));
        List<String> n = new ArrayList<>();
        untouched.forEach(x -> n.add(x.asText()));
        sb.append('\n').append(title).append(" exercised (").append(u.size()).append("): ").append(String.join(", ", u))
                .append('\n').append(title).append(" no scenario touches (").append(n.size()).append("): ")
                .append(n.isEmpty() ? "none" : String.join(", ", n)).append('\n');
    }

    /** The same index as a report page. */
    public static String html(ObjectNode c) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>coverage — blockspec</title><link rel=\"stylesheet\" href=\"style.css\"></head><body>"
                + "<header><h1>Coverage</h1><span>what the scenarios exercise, and what no scenario touches</span>"
                + "<a href=\"index.html\">all scenarios</a></header><main>");
        h.append("<pre>").append(Html.escape(text(c))).append("</pre></main></body></html>\n");
        return h.toString();
    }
}
