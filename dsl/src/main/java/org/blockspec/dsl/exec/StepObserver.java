package org.blockspec.dsl.exec;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.Step;

/**
 * Feeds an {@link ExecutionListener} for one scenario: new events after each step, and a
 * graph snapshot after each step that may have changed a graph. A listener that throws is
 * dropped for the rest of the scenario, so observing never changes an outcome; the
 * snapshot queries go to the backend beside the scenario's own commands and are read-only.
 */
final class StepObserver {
    private final ExecutionListener listener;
    private final Map<String, Integer> eventsSeen = new HashMap<>();
    private final Set<String> processes = new LinkedHashSet<>();
    private boolean failed;
    private boolean toldFailure;

    StepObserver(ExecutionListener listener) {
        this.listener = listener;
    }

    boolean active() {
        return listener != ExecutionListener.NONE && !failed;
    }

    /** The listener as the executor calls it: every call guarded. */
    ExecutionListener guarded() {
        return new ExecutionListener() {
            @Override public void scenarioStarted(Scenario s, java.nio.file.Path d) { call(() -> listener.scenarioStarted(s, d)); }

            @Override public void stepStarted(Step st) { call(() -> listener.stepStarted(st)); }

            @Override public void qmpExchange(Step st, String p, String e, JsonNode a, JsonNode r) {
                call(() -> listener.qmpExchange(st, p, e, a, r));
            }

            @Override public void ioExchange(Step st, String p, String t, String c, Backend.IoOutput o) {
                call(() -> listener.ioExchange(st, p, t, c, o));
            }

            @Override public void stepFinished(Step st, StepFailure f, long n) { call(() -> listener.stepFinished(st, f, n)); }

            /** Told even after the listener failed, so the scenario's outcome is recorded all the same. */
            @Override public void scenarioFinished(Scenario s, StepFailure f, long n) {
                run(() -> listener.scenarioFinished(s, f, n));
            }
        };
    }

    /** Events emitted and the graph as it is after {@code step}. */
    void afterStep(Step step, Backend backend) {
        if (!active()) return;
        processes.add(step.process());
        for (String p : processes) {
            try {
                List<JsonNode> events = backend.events(p);
                int seen = eventsSeen.getOrDefault(p, 0);
                for (int i = seen; i < events.size(); i++) {
                    JsonNode e = events.get(i);
                    call(() -> listener.event(step, p, e));
                }
                eventsSeen.put(p, events.size());
            } catch (Backend.BackendException e) {
                // A process that cannot list its events has nothing to add to a report.
            }
        }
        if (!(step instanceof Step.Qmp q) || readOnly(q.execute())) return;
        try {
            JsonNode graph = backend.qmp(step.process(), "x-debug-query-block-graph", JsonNodeFactory.instance.objectNode());
            JsonNode named = backend.qmp(step.process(), "query-named-block-nodes", JsonNodeFactory.instance.objectNode());
            if (graph.has("return") && named.has("return")) {
                call(() -> listener.graphSnapshot(step, step.process(), graph.get("return"), named.get("return")));
            }
        } catch (Backend.BackendException e) {
            // No picture for this step; the step's own outcome stands.
        }
    }

    /** Queries cannot change a graph; everything else (including unknown commands) may. */
    private static boolean readOnly(String command) {
        return command.startsWith("query-") || command.startsWith("x-debug-query-") || command.equals("qom-get")
                || command.equals("qom-list") || command.equals("qmp_capabilities");
    }

    private void call(Runnable r) {
        if (!failed) run(r);
    }

    private void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            failed = true;
            if (toldFailure) return;
            toldFailure = true;
            try {
                listener.listenerFailed(e);
            } catch (RuntimeException ignored) {
                // The listener is already dropped; nothing else to tell it.
            }
        }
    }
}
