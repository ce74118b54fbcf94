package org.blockspec.dsl.exec;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.Step;

/**
 * What the {@link Executor} tells an observer while it runs a scenario: steps starting and
 * finishing, every QMP exchange and qemu-io command, the events each process emitted, and
 * the graph (as {@code x-debug-query-block-graph} and {@code query-named-block-nodes}
 * return it) after each step that may have changed it. Reports are built from these calls;
 * the executor knows nothing about how they are shown. Calls for one scenario come from one
 * thread, in order. Stable SPI: new calls arrive as default methods.
 */
public interface ExecutionListener {
    ExecutionListener NONE = new ExecutionListener() { };

    /** @param directory the scenario's directory ({@code $DIR}), which replies and graphs name */
    default void scenarioStarted(Scenario scenario, java.nio.file.Path directory) {
    }

    default void stepStarted(Step step) {
    }

    /** A QMP command a step sent and the whole reply ({@code return} or {@code error}). */
    default void qmpExchange(Step step, String process, String execute, JsonNode arguments, JsonNode reply) {
    }

    /** A qemu-io command and what it printed. */
    default void ioExchange(Step step, String process, String target, String command, Backend.IoOutput output) {
    }

    /** An event a process emitted while (or shortly before) the step ran. */
    default void event(Step step, String process, JsonNode event) {
    }

    /** The process's graph after the step; sent after every step that may change a graph. */
    default void graphSnapshot(Step step, String process, JsonNode graph, JsonNode namedNodes) {
    }

    /** @param failure null when the step did what it should */
    default void stepFinished(Step step, StepFailure failure, long nanos) {
    }

    /** @param failure the scenario's failure, null when it passed */
    default void scenarioFinished(Scenario scenario, StepFailure failure, long nanos) {
    }

    /**
     * This listener threw; the executor stops calling it for the rest of the scenario and the
     * scenario's outcome is unaffected. Called at most once per scenario.
     */
    default void listenerFailed(RuntimeException error) {
    }
}
