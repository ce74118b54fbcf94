package org.blockspec.dsl.report;

import java.util.List;

/**
 * One scenario's run as a report shows it, and as {@code results.json} stores it so that
 * shards merge into one report and later runs can balance shards by duration.
 *
 * @param id       the scenario's identity across runs: file (as shown) and name
 * @param backend  where it ran ({@code embedded}, ...)
 * @param started  wall-clock start in epoch milliseconds (overlap shows parallel runs)
 * @param note     why the report of this scenario is incomplete, or null
 */
public record ScenarioRun(String id, String file, int line, String feature, String name, List<String> tags,
                          String backend, Status status, long nanos, long started, List<StepRun> steps,
                          Failure failure, String note) {
    public enum Status { PASSED, FAILED, SKIPPED, NOT_RUN }

    /** What went wrong: the message, the lines a person needs, and the whole text as printed. */
    public record Failure(int line, String message, List<String> details) {
    }

    public static String id(String file, String name) {
        return file + " :: " + name;
    }
}
