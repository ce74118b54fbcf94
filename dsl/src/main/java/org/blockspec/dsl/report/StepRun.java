package org.blockspec.dsl.report;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One step of a scenario run: where it is, what it says, how it ended, what it sent and got,
 * the events seen meanwhile, and the graph after it when it changed (or when a permission
 * conflict refused it).
 *
 * @param background the step comes from the file's background
 * @param graph      the graph after the step, or null when the step left it as it was
 */
public record StepRun(int line, String text, String process, boolean background, ScenarioRun.Status status,
                      long nanos, List<Exchange> exchanges, List<String> events, Snapshot graph,
                      ScenarioRun.Failure failure) {
    /** A QMP command and its reply, or a qemu-io command and its output; texts are capped. */
    public record Exchange(String process, String kind, String request, String reply, boolean error) {
    }

    /** The graph as QMP shows it: {@code x-debug-query-block-graph} and {@code query-named-block-nodes}. */
    public record Snapshot(String process, JsonNode graph, JsonNode namedNodes) {
    }
}
