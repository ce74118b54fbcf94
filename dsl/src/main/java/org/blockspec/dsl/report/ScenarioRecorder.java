package org.blockspec.dsl.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.dsl.exec.Backend;
import org.blockspec.dsl.exec.ExecutionListener;
import org.blockspec.dsl.exec.GraphModel;
import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.qmp.QmpJson;

/**
 * Turns the executor's calls for one scenario into a {@link ScenarioRun}. Texts are capped
 * and graphs kept only when they changed, so a report stays small however long the run.
 */
final class ScenarioRecorder implements ExecutionListener {
    static final int MAX_TEXT = 4000;
    static final int MAX_EXCHANGES = 40;
    static final int MAX_EVENTS = 40;

    private final String feature;
    private final String backend;
    private final Consumer<ScenarioRun> sink;
    private final List<StepRun> steps = new ArrayList<>();
    private final Map<String, List<String>> lastGraph = new HashMap<>();
    private long startedMillis;
    private String note;
    /** The scenario's temporary directory, shown as $DIR as scenarios write it, so reports are the same every run. */
    private String dir;

    private List<StepRun.Exchange> exchanges;
    private int droppedExchanges;
    private List<String> events;
    private StepRun.Snapshot snapshot;
    private boolean conflict;

    ScenarioRecorder(String feature, String backend, Consumer<ScenarioRun> sink) {
        this.feature = feature;
        this.backend = backend;
        this.sink = sink;
    }

    @Override
    public void scenarioStarted(Scenario scenario, Path directory) {
        startedMillis = System.currentTimeMillis();
        dir = directory.toString();
    }

    @Override
    public void stepStarted(Step step) {
        exchanges = new ArrayList<>();
        droppedExchanges = 0;
        events = new ArrayList<>();
        snapshot = null;
        conflict = false;
    }

    @Override
    public void qmpExchange(Step step, String process, String execute, JsonNode arguments, JsonNode reply) {
        JsonNode error = reply.get("error");
        if (error != null && PermissionConflict.parse(error.path("desc").asText()) != null) conflict = true;
        String request = "{\"execute\": \"" + execute + "\""
                + (arguments == null || arguments.isEmpty() ? "" : ", \"arguments\": " + QmpJson.write(arguments)) + "}";
        add(new StepRun.Exchange(process, "qmp", cap(request), cap(QmpJson.write(reply)), error != null));
    }

    @Override
    public void ioExchange(Step step, String process, String target, String command, Backend.IoOutput output) {
        String out = output.monitor() + output.stdout() + output.stderr();
        boolean failed = !output.monitor().isBlank() || !output.stderr().isBlank() || out.contains(" failed");
        add(new StepRun.Exchange(process, "qemu-io", cap("qemu-io " + target + " \"" + command + "\""),
                cap(out.strip()), failed));
    }

    private void add(StepRun.Exchange e) {
        if (exchanges.size() < MAX_EXCHANGES) exchanges.add(e);
        else droppedExchanges++;
    }

    @Override
    public void event(Step step, String process, JsonNode event) {
        if (events.size() < MAX_EVENTS) events.add(cap((process.equals("main") ? "" : process + ": ") + QmpJson.write(event)));
    }

    @Override
    public void graphSnapshot(Step step, String process, JsonNode graph, JsonNode namedNodes) {
        List<String> lines;
        try {
            lines = new GraphModel(graph, namedNodes).lines();
        } catch (RuntimeException e) {
            lines = null; // kept: the page says why it cannot be drawn
        }
        List<String> before = lastGraph.getOrDefault(process, List.of());
        if (lines != null && lines.equals(before) && !conflict) return;
        if (lines != null) lastGraph.put(process, lines);
        snapshot = new StepRun.Snapshot(process, withDir(graph), withDir(namedNodes));
    }

    @Override
    public void stepFinished(Step step, StepFailure failure, long nanos) {
        if (droppedExchanges > 0) {
            exchanges.add(new StepRun.Exchange(step.process(), "note", droppedExchanges + " more exchanges not shown", "",
                    false));
        }
        steps.add(new StepRun(step.pos().line(), StepText.of(step), step.process(), false,
                failure == null ? ScenarioRun.Status.PASSED : ScenarioRun.Status.FAILED, nanos, List.copyOf(exchanges),
                List.copyOf(events), snapshot, failure(failure)));
    }

    @Override
    public void scenarioFinished(Scenario scenario, StepFailure failure, long nanos) {
        List<StepRun> all = new ArrayList<>();
        int scenarioLine = scenario.pos().line();
        for (int i = 0; i < scenario.steps().size(); i++) {
            Step s = scenario.steps().get(i);
            boolean background = s.pos().line() < scenarioLine;
            if (i < steps.size()) {
                StepRun r = steps.get(i);
                all.add(new StepRun(r.line(), r.text(), r.process(), background, r.status(), r.nanos(), r.exchanges(),
                        r.events(), r.graph(), r.failure()));
            } else {
                all.add(new StepRun(s.pos().line(), StepText.of(s), s.process(), background, ScenarioRun.Status.NOT_RUN, 0,
                        List.of(), List.of(), null, null));
            }
        }
        String file = scenario.file().toString();
        sink.accept(new ScenarioRun(ScenarioRun.id(file, scenario.name()), file, scenarioLine, feature, scenario.name(),
                List.copyOf(scenario.tags()), backend, failure == null ? ScenarioRun.Status.PASSED : ScenarioRun.Status.FAILED,
                nanos, startedMillis, all, failure(failure), note));
    }

    @Override
    public void listenerFailed(RuntimeException error) {
        note = "the report of this scenario is incomplete: " + error;
    }

    static ScenarioRun.Failure failure(StepFailure f) {
        return f == null ? null : new ScenarioRun.Failure(f.pos().line(), f.message(), List.copyOf(f.details()));
    }

    private JsonNode withDir(JsonNode n) {
        if (dir == null) return n;
        try {
            return QmpJson.MAPPER.readTree(QmpJson.write(n).replace(dir, "$DIR"));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return n;
        }
    }

    private String cap(String text) {
        String s = dir == null ? text : text.replace(dir, "$DIR");
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + " … (" + (s.length() - MAX_TEXT) + " more characters)";
    }
}
