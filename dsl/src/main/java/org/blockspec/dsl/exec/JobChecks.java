package org.blockspec.dsl.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.EventPattern;
import org.blockspec.dsl.model.RunUntil;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.qmp.QmpJson;

/**
 * The executor's job steps: runs (until a state, an event, some chunks, a time) and the
 * checks of a job's state and events. Each returns null when the step did what it says,
 * else the lines of the failure report. Only QMP, events and the backend's run methods are
 * used, so every backend runs them; on the real clock they wait with explicit deadlines.
 */
final class JobChecks {
    /** On the real clock, how long to wait for a job's events to arrive. */
    private static final long EVENT_WAIT_NANOS = 10_000_000_000L;

    /** Per process and job, how many of the job's events earlier checks consumed. */
    private final Map<String, Integer> cursors = new HashMap<>();

    /** The process's events that belong to the job: its status changes and BLOCK_JOB_* naming it. */
    static List<JsonNode> jobEvents(List<JsonNode> all, String job) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : all) {
            String name = e.path("event").asText();
            JsonNode d = e.path("data");
            boolean mine = name.equals("JOB_STATUS_CHANGE") ? job.equals(d.path("id").asText(null))
                    : name.startsWith("BLOCK_JOB_") && (job.equals(d.path("device").asText(null))
                    || job.equals(d.path("id").asText(null)));
            if (mine) out.add(e);
        }
        return out;
    }

    /** The job's query-block-jobs entry, or null when there is none. */
    static JsonNode query(Backend b, String process, String job) throws Backend.BackendException {
        JsonNode reply = b.qmp(process, "query-block-jobs", JsonNodeFactory.instance.objectNode());
        for (JsonNode j : reply.path("return")) if (job.equals(j.path("device").asText())) return j;
        return null;
    }

    static String status(Backend b, String process, String job) throws Backend.BackendException {
        JsonNode j = query(b, process, job);
        return j == null ? "null" : j.path("status").asText();
    }

    List<String> run(Step.Run r, Backend b) throws Backend.BackendException {
        String p = r.process();
        return switch (r.until()) {
            case RunUntil.JobState s -> {
                // Events are counted first: on the real clock the job may get there meanwhile.
                int from = b.events(p).size();
                if (status(b, p, s.job()).equals(s.state())) yield null;
                String why = b.runUntil(p, () -> {
                    List<JsonNode> events = b.events(p);
                    for (JsonNode e : jobEvents(events.subList(Math.min(from, events.size()), events.size()), s.job())) {
                        if (e.path("event").asText().equals("JOB_STATUS_CHANGE")
                                && e.path("data").path("status").asText().equals(s.state())) {
                            return true;
                        }
                    }
                    return false;
                }, r.limitNanos());
                yield why == null ? null : List.of("job " + s.job() + " did not reach " + s.state() + ": " + why,
                        "it is " + status(b, p, s.job()));
            }
            case RunUntil.Event ev -> {
                int from = b.events(p).size();
                String why = b.runUntil(p, () -> {
                    List<JsonNode> events = b.events(p);
                    for (JsonNode e : events.subList(Math.min(from, events.size()), events.size())) {
                        if (e.path("event").asText().equals(ev.name())
                                && ev.data().mismatch(e.has("data") ? e.get("data") : JsonNodeFactory.instance.objectNode(),
                                "data") == null) {
                            return true;
                        }
                    }
                    return false;
                }, r.limitNanos());
                yield why == null ? null : List.of("no " + ev.name() + " " + ev.data() + ": " + why);
            }
            case RunUntil.Chunks c -> {
                long base = b.jobChunks(p, c.job());
                if (base < 0) yield List.of("job " + c.job() + " is gone");
                long[] last = {base};
                String why = b.runUntil(p, () -> {
                    last[0] = b.jobChunks(p, c.job());
                    return last[0] < 0 || last[0] >= base + c.count();
                }, r.limitNanos());
                if (why == null && last[0] >= base + c.count()) yield null;
                yield List.of("job " + c.job() + " did " + Math.max(0, last[0] - base) + " of " + c.count() + " chunks"
                        + (why != null ? ": " + why : ""), "it is " + status(b, p, c.job()));
            }
            case RunUntil.Elapsed e -> {
                b.runFor(p, e.nanos());
                yield null;
            }
        };
    }

    List<String> expectJob(Step.ExpectJob e, Backend b) throws Backend.BackendException {
        JsonNode j = query(b, e.process(), e.id());
        if (e.state().equals("null")) {
            return j == null ? null : List.of("expected: job " + e.id() + " gone", "actual:   it is " + j.path("status").asText());
        }
        if (j == null) return List.of("expected: job " + e.id() + " " + e.state(), "actual:   there is no such job");
        String status = j.path("status").asText();
        String mismatch = status.equals(e.state()) ? e.fields().mismatch(j, "job") : "status is " + status;
        return mismatch == null ? null : List.of("job " + e.id() + ": " + mismatch, "actual:   " + QmpJson.write(j));
    }

    List<String> expectEvents(Step.ExpectJobEvents e, Backend b) throws Backend.BackendException {
        String key = e.process() + "\0" + e.id();
        int from = cursors.getOrDefault(key, 0);
        int need = from + e.events().size();
        List<JsonNode> mine = jobEvents(b.events(e.process()), e.id());
        // On the real clock events may trail the step that caused them.
        for (long deadline = System.nanoTime() + (b.realClock() ? EVENT_WAIT_NANOS : 0);
             mine.size() < need && System.nanoTime() < deadline; ) {
            pause();
            mine = jobEvents(b.events(e.process()), e.id());
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < e.events().size(); i++) {
            EventPattern want = e.events().get(i);
            if (from + i >= mine.size()) {
                problems.add("event " + (i + 1) + ": expected " + want + ", but the job emitted no more events");
                break;
            }
            JsonNode got = mine.get(from + i);
            JsonNode data = got.has("data") ? got.get("data") : JsonNodeFactory.instance.objectNode();
            String m = got.path("event").asText().equals(want.name()) ? want.data().mismatch(data, "data")
                    : "it is " + got.path("event").asText();
            if (m != null) {
                problems.add("event " + (i + 1) + ": expected " + want + ": " + m);
                break;
            }
        }
        if (problems.isEmpty() && e.exact() && mine.size() > need) {
            problems.add("more events than expected: " + describe(mine.get(need)));
        }
        cursors.put(key, Math.min(need, mine.size()));
        if (problems.isEmpty()) return null;
        List<String> out = new ArrayList<>(problems);
        out.add("the job's events since the last check:");
        for (int i = from; i < mine.size(); i++) out.add("  " + describe(mine.get(i)));
        return out;
    }

    private static String describe(JsonNode e) {
        JsonNode d = e.path("data");
        if (e.path("event").asText().equals("JOB_STATUS_CHANGE")) return d.path("status").asText();
        ObjectNode copy = d.isObject() ? ((ObjectNode) d).deepCopy() : JsonNodeFactory.instance.objectNode();
        return e.path("event").asText() + " " + QmpJson.write(copy);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
