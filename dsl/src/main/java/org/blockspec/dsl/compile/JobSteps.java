package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.EventPattern;
import org.blockspec.dsl.model.JobKind;
import org.blockspec.dsl.model.JobVerb;
import org.blockspec.dsl.model.JsonPattern;
import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.RunUntil;
import org.blockspec.dsl.model.SourcePos;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.graph.NodeNames;

/**
 * The job steps, whatever the surface syntax: starting a job in short form (options checked
 * against the engine's schema of the job's command), verbs on it, runs until a job state, an
 * event, a number of chunks or a time, and the checks of a job's state and events. Names are
 * checked against what earlier steps created. {@link StepBuilder} hands them their symbols.
 */
final class JobSteps {
    static final List<String> STATES = List.of("created", "running", "paused", "ready", "standby", "waiting",
            "pending", "aborting", "concluded", "null");
    private static final Set<String> JOB_EVENTS = Set.of("JOB_STATUS_CHANGE", "BLOCK_JOB_READY", "BLOCK_JOB_COMPLETED",
            "BLOCK_JOB_CANCELLED", "BLOCK_JOB_ERROR", "BLOCK_JOB_PENDING");
    /** query-block-jobs members a scenario may check, with what their values are. */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        for (String n : List.of("len", "offset", "speed")) FIELDS.put(n, "number");
        for (String b : List.of("busy", "paused", "ready", "auto-finalize", "auto-dismiss")) FIELDS.put(b, "bool");
        for (String t : List.of("type", "io-status", "error")) FIELDS.put(t, "text");
    }

    private final Diagnostics diagnostics;
    private final JobOptionsCompiler options;

    JobSteps(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.options = new JobOptionsCompiler(diagnostics);
    }

    /** {@code job ID KIND key=value ...}. */
    Step start(Origin o, Word id, Word type, List<NodeOption> opts, Outcome outcome, Symbols sym) {
        boolean failing = outcome instanceof Outcome.Fails;
        JobKind kind = JobKind.fromWord(type.text());
        if (kind == null) {
            List<String> kinds = Arrays.stream(JobKind.values()).map(JobKind::word).toList();
            diagnostics.error(type.pos(), "unknown job type '" + type.text() + "'",
                    hintOr(DidYouMean.hint(type.text(), kinds), "job types: " + String.join(", ", kinds)));
            return new Step.StartJob(o.pos(), o.process(), o.text(), id.text(), JobKind.MIRROR,
                    JsonNodeFactory.instance.objectNode(), outcome);
        }
        if (!failing && !NodeNames.wellFormed(id.text())) {
            diagnostics.error(id.pos(), "'" + id.text() + "' is not a valid job id",
                    "a letter first, then letters, digits, '-', '.' or '_'");
        }
        JobOptionsCompiler.Result r = options.compile(kind, opts, failing, type.pos());
        if (!failing) {
            for (var ref : r.references()) requireNode(sym, ref.name(), ref.pos() != null ? ref.pos() : o.pos());
            for (String n : r.newNodes()) {
                if (sym.hasNode(n)) diagnostics.error(o.pos(), "node '" + n + "' already exists (line " + sym.node(n).line() + ")", null);
            }
            sym.addJob(id.text(), o.pos());
            sym.addNodes(r.newNodes(), o.pos());
        }
        return new Step.StartJob(o.pos(), o.process(), o.text(), id.text(), kind, r.arguments(), outcome);
    }

    /** {@code VERB job ID} and {@code VERB block-job ID [force=on | speed=N]}. */
    Step verb(Origin o, Word verbWord, boolean blockJob, Word id, List<NodeOption> opts, Outcome outcome, Symbols sym) {
        boolean failing = outcome instanceof Outcome.Fails;
        JobVerb verb = JobVerb.fromWord(verbWord.text());
        if (verb == null) {
            List<String> verbs = Arrays.stream(JobVerb.values()).map(JobVerb::word).toList();
            diagnostics.error(verbWord.pos(), "unknown job verb '" + verbWord.text() + "'",
                    hintOr(DidYouMean.hint(verbWord.text(), verbs), "verbs: " + String.join(", ", verbs)));
            return new Step.OnJob(o.pos(), o.process(), o.text(), id.text(), JobVerb.PAUSE, blockJob,
                    JsonNodeFactory.instance.objectNode(), outcome);
        }
        if (verb == JobVerb.SET_SPEED && !blockJob) {
            diagnostics.error(verbWord.pos(), "QEMU 7.2 has no job-set-speed",
                    "write set-speed block-job " + id.text() + " speed=N");
        }
        if (!failing) requireJob(sym, id);
        ObjectNode args = options.verbArguments(verb.command(blockJob), verb.idArgument(blockJob), opts, failing, o.pos());
        return new Step.OnJob(o.pos(), o.process(), o.text(), id.text(), verb, blockJob, args, outcome);
    }

    /** {@code run until job ID STATE [within DURATION]}; {@code within} may be null. */
    Step runUntilJob(Origin o, Word id, Word state, Word within, Symbols sym) {
        requireJob(sym, id);
        return new Step.Run(o.pos(), o.process(), o.text(), new RunUntil.JobState(id.text(), state(state)), within(within));
    }

    /** {@code run until event NAME {data} [within DURATION]}; {@code data} null: any. */
    Step runUntilEvent(Origin o, Word name, JsonPattern data, Word within) {
        return new Step.Run(o.pos(), o.process(), o.text(),
                new RunUntil.Event(name.text(), data == null ? new JsonPattern.Obj(Map.of()) : data), within(within));
    }

    /** {@code run job ID for N chunks [within DURATION]}. */
    Step runChunks(Origin o, Word id, Word count, Word within, Symbols sym) {
        requireJob(sym, id);
        Long n = Sizes.parseOrNull(count.text());
        if (n == null || n < 1 || n > Integer.MAX_VALUE) {
            diagnostics.error(count.pos(), "'" + count.text() + "' is not a number of chunks", "write e.g. 3");
            n = 1L;
        }
        return new Step.Run(o.pos(), o.process(), o.text(), new RunUntil.Chunks(id.text(), n.intValue()), within(within));
    }

    /** {@code run for DURATION}. */
    Step runFor(Origin o, Word duration) {
        long nanos = Durations.parse(diagnostics, duration);
        return new Step.Run(o.pos(), o.process(), o.text(), new RunUntil.Elapsed(nanos), nanos);
    }

    /** {@code expect job ID STATE [field=value ...]}. */
    Step expectJob(Origin o, Word id, Word state, List<NodeOption> fieldOptions, Symbols sym) {
        requireJob(sym, id);
        String st = state(state);
        Map<String, JsonPattern> fields = new LinkedHashMap<>();
        var f = JsonNodeFactory.instance;
        for (NodeOption opt : fieldOptions) {
            String key = opt.key().text();
            String type = FIELDS.get(key);
            if (type == null) {
                diagnostics.error(opt.key().pos(), "unknown job field '" + key + "'",
                        hintOr(DidYouMean.hint(key, FIELDS.keySet()), "fields: " + String.join(", ", FIELDS.keySet())));
                continue;
            }
            if (!(opt instanceof NodeOption.Value val)) {
                diagnostics.error(((NodeOption.Nested) opt).pos(), "job fields are plain values", null);
                continue;
            }
            Word v = val.value();
            switch (type) {
                case "number" -> {
                    Long n = v.quoted() ? null : Sizes.parseOrNull(v.text());
                    if (n == null) diagnostics.error(v.pos(), "'" + v.text() + "' is not a number", "write e.g. 4M, 65536");
                    fields.put(key, new JsonPattern.Literal(f.numberNode(n == null ? 0 : n)));
                }
                case "bool" -> {
                    Boolean b = switch (v.text()) {
                        case "on", "true", "yes" -> Boolean.TRUE;
                        case "off", "false", "no" -> Boolean.FALSE;
                        default -> null;
                    };
                    if (b == null) diagnostics.error(v.pos(), "'" + v.text() + "' is not on or off", null);
                    fields.put(key, new JsonPattern.Literal(f.booleanNode(Boolean.TRUE.equals(b))));
                }
                default -> fields.put(key, new JsonPattern.Literal(f.textNode(v.text())));
            }
        }
        return new Step.ExpectJob(o.pos(), o.process(), o.text(), id.text(), st, new JsonPattern.Obj(fields));
    }

    /** {@code expect job ID events [exactly] { state | EVENT {data} ... }}. */
    Step expectEvents(Origin o, Word id, List<JobEventLine> lines, boolean exact, Symbols sym) {
        requireJob(sym, id);
        List<EventPattern> events = new ArrayList<>();
        for (JobEventLine e : lines) {
            String name = e.name().text();
            if (STATES.contains(name)) {
                if (e.data() != null) diagnostics.error(e.name().pos(), "a state change has no data to check", null);
                Map<String, JsonPattern> data = new LinkedHashMap<>();
                data.put("id", new JsonPattern.Literal(JsonNodeFactory.instance.textNode(id.text())));
                data.put("status", new JsonPattern.Literal(JsonNodeFactory.instance.textNode(name)));
                events.add(new EventPattern("JOB_STATUS_CHANGE", new JsonPattern.Obj(data)));
                continue;
            }
            if (!JOB_EVENTS.contains(name)) {
                Set<String> known = new TreeSet<>(JOB_EVENTS);
                known.addAll(STATES);
                diagnostics.error(e.name().pos(), "'" + name + "' is not a job state or event",
                        hintOr(DidYouMean.hint(name, known), "states: " + String.join(", ", STATES) + "; events: "
                                + String.join(", ", new TreeSet<>(JOB_EVENTS))));
            }
            events.add(new EventPattern(name, e.data() == null ? new JsonPattern.Obj(Map.of()) : e.data()));
        }
        return new Step.ExpectJobEvents(o.pos(), o.process(), o.text(), id.text(), events, exact);
    }

    private String state(Word w) {
        if (!STATES.contains(w.text())) {
            diagnostics.error(w.pos(), "unknown job state '" + w.text() + "'",
                    hintOr(DidYouMean.hint(w.text(), STATES), "states: " + String.join(", ", STATES)));
        }
        return w.text();
    }

    /** {@code within DURATION}; none: 0, the backend chooses (an hour of virtual time, a minute of real). */
    private long within(Word w) {
        return w == null ? 0 : Durations.parse(diagnostics, w);
    }

    private void requireJob(Symbols sym, Word id) {
        if (!sym.hasJob(id.text())) {
            diagnostics.error(id.pos(), "unknown job '" + id.text() + "'", hintOr(DidYouMean.hint(id.text(), sym.jobIds()),
                    "start it first: job " + id.text() + " mirror device=... target=... sync=full"));
        }
    }

    private void requireNode(Symbols sym, String name, SourcePos pos) {
        if (sym.hasNode(name)) return;
        diagnostics.error(pos, "unknown node '" + name + "'", DidYouMean.hint(name, sym.nodeNames()));
    }

    private static String hintOr(String hint, String otherwise) {
        return hint != null ? hint : otherwise;
    }
}
