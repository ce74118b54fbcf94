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
import org.blockspec.grammar.ScenarioParser;

/**
 * The job steps of the language: starting a job in short form, verbs on it, running the
 * process until a job state, an event, a number of chunks or a time, and the checks of a
 * job's state and events. Names are checked against what earlier steps created.
 */
final class JobStepCompiler {
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

    private final SourceText src;
    private final Diagnostics diagnostics;
    private final JsonCompiler json;
    private final JobOptionsCompiler options;

    JobStepCompiler(SourceText src, Diagnostics diagnostics, JsonCompiler json) {
        this.src = src;
        this.diagnostics = diagnostics;
        this.json = json;
        this.options = new JobOptionsCompiler(src, diagnostics);
    }

    /** {@code job ID KIND key=value ...}. */
    Step start(ScenarioParser.JobStepContext c, String process, String text, Outcome outcome, Symbols sym) {
        boolean failing = outcome instanceof Outcome.Fails;
        SourcePos pos = src.pos(c);
        String id = src.word(c.id);
        String word = src.word(c.type);
        JobKind kind = JobKind.fromWord(word);
        if (kind == null) {
            List<String> kinds = Arrays.stream(JobKind.values()).map(JobKind::word).toList();
            diagnostics.error(src.pos(c.type), "unknown job type '" + word + "'",
                    hintOr(DidYouMean.hint(word, kinds), "job types: " + String.join(", ", kinds)));
            return new Step.StartJob(pos, process, text, id, JobKind.MIRROR, JsonNodeFactory.instance.objectNode(), outcome);
        }
        if (!failing && !NodeNames.wellFormed(id)) {
            diagnostics.error(src.pos(c.id), "'" + id + "' is not a valid job id",
                    "a letter first, then letters, digits, '-', '.' or '_'");
        }
        JobOptionsCompiler.Result r = options.compile(kind, c.option(), failing, src.pos(c.type));
        if (!failing) {
            for (var ref : r.references()) requireNode(sym, ref.name(), ref.pos() != null ? ref.pos() : pos);
            for (String n : r.newNodes()) {
                if (sym.hasNode(n)) diagnostics.error(pos, "node '" + n + "' already exists (line " + sym.node(n).line() + ")", null);
            }
            sym.addJob(id, pos);
            sym.addNodes(r.newNodes(), pos);
        }
        return new Step.StartJob(pos, process, text, id, kind, r.arguments(), outcome);
    }

    /** {@code VERB job ID} and {@code VERB block-job ID [force=on | speed=N]}. */
    Step verb(ScenarioParser.JobVerbStepContext c, String process, String text, Outcome outcome, Symbols sym) {
        boolean failing = outcome instanceof Outcome.Fails;
        SourcePos pos = src.pos(c);
        String word = src.word(c.verb);
        boolean blockJob = c.api.getType() == ScenarioParser.BLOCK_JOB;
        String id = src.word(c.id);
        JobVerb verb = JobVerb.fromWord(word);
        if (verb == null) {
            List<String> verbs = Arrays.stream(JobVerb.values()).map(JobVerb::word).toList();
            diagnostics.error(src.pos(c.verb), "unknown job verb '" + word + "'",
                    hintOr(DidYouMean.hint(word, verbs), "verbs: " + String.join(", ", verbs)));
            return new Step.OnJob(pos, process, text, id, JobVerb.PAUSE, blockJob, JsonNodeFactory.instance.objectNode(),
                    outcome);
        }
        if (verb == JobVerb.SET_SPEED && !blockJob) {
            diagnostics.error(src.pos(c.verb), "QEMU 7.2 has no job-set-speed", "write set-speed block-job " + id + " speed=N");
        }
        if (!failing) requireJob(sym, id, src.pos(c.id));
        ObjectNode args = options.verbArguments(verb.command(blockJob), verb.idArgument(blockJob), c.option(), failing, pos);
        return new Step.OnJob(pos, process, text, id, verb, blockJob, args, outcome);
    }

    Step runUntilJob(ScenarioParser.RunUntilJobStepContext c, String process, String text, Symbols sym) {
        String id = src.word(c.id);
        requireJob(sym, id, src.pos(c.id));
        return new Step.Run(src.pos(c), process, text, new RunUntil.JobState(id, state(c.state)), within(c.within()));
    }

    Step runUntilEvent(ScenarioParser.RunUntilEventStepContext c, String process, String text) {
        JsonPattern data = c.object() == null ? new JsonPattern.Obj(Map.of()) : json.pattern(c.object());
        return new Step.Run(src.pos(c), process, text, new RunUntil.Event(src.word(c.name), data), within(c.within()));
    }

    Step runChunks(ScenarioParser.RunChunksStepContext c, String process, String text, Symbols sym) {
        String id = src.word(c.id);
        requireJob(sym, id, src.pos(c.id));
        Long n = Sizes.parseOrNull(src.word(c.count));
        if (n == null || n < 1 || n > Integer.MAX_VALUE) {
            diagnostics.error(src.pos(c.count), "'" + src.word(c.count) + "' is not a number of chunks", "write e.g. 3");
            n = 1L;
        }
        return new Step.Run(src.pos(c), process, text, new RunUntil.Chunks(id, n.intValue()), within(c.within()));
    }

    Step runFor(ScenarioParser.RunForStepContext c, String process, String text) {
        long nanos = Durations.parse(src, diagnostics, c.duration);
        return new Step.Run(src.pos(c), process, text, new RunUntil.Elapsed(nanos), nanos);
    }

    /** {@code expect job ID STATE [field=value ...]}. */
    Step expectJob(ScenarioParser.ExpectJobStepContext c, String process, String text, Symbols sym) {
        String id = src.word(c.id);
        requireJob(sym, id, src.pos(c.id));
        String state = state(c.state);
        Map<String, JsonPattern> fields = new LinkedHashMap<>();
        for (ScenarioParser.OptionContext o : c.option()) {
            String key = src.word(o.key);
            String type = FIELDS.get(key);
            if (type == null) {
                diagnostics.error(src.pos(o.key), "unknown job field '" + key + "'",
                        hintOr(DidYouMean.hint(key, FIELDS.keySet()), "fields: " + String.join(", ", FIELDS.keySet())));
                continue;
            }
            ScenarioParser.ValueContext vc = o.optionValue().value();
            if (vc == null) {
                diagnostics.error(src.pos(o.optionValue()), "job fields are plain values", null);
                continue;
            }
            String v = src.value(vc);
            var f = JsonNodeFactory.instance;
            switch (type) {
                case "number" -> {
                    Long n = vc.STRING() == null ? Sizes.parseOrNull(v) : null;
                    if (n == null) diagnostics.error(src.pos(vc), "'" + v + "' is not a number", "write e.g. 4M, 65536");
                    fields.put(key, new JsonPattern.Literal(f.numberNode(n == null ? 0 : n)));
                }
                case "bool" -> {
                    Boolean b = switch (v) {
                        case "on", "true", "yes" -> Boolean.TRUE;
                        case "off", "false", "no" -> Boolean.FALSE;
                        default -> null;
                    };
                    if (b == null) diagnostics.error(src.pos(vc), "'" + v + "' is not on or off", null);
                    fields.put(key, new JsonPattern.Literal(f.booleanNode(Boolean.TRUE.equals(b))));
                }
                default -> fields.put(key, new JsonPattern.Literal(f.textNode(v)));
            }
        }
        return new Step.ExpectJob(src.pos(c), process, text, id, state, new JsonPattern.Obj(fields));
    }

    /** {@code expect job ID events [exactly] { state | EVENT {data} ... }}. */
    Step expectEvents(ScenarioParser.ExpectJobEventsStepContext c, String process, String text, Symbols sym) {
        String id = src.word(c.id);
        requireJob(sym, id, src.pos(c.id));
        List<EventPattern> events = new ArrayList<>();
        for (ScenarioParser.JobEventContext e : c.jobEvent()) {
            String name = src.word(e.name);
            if (STATES.contains(name)) {
                if (e.object() != null) diagnostics.error(src.pos(e.object()), "a state change has no data to check", null);
                Map<String, JsonPattern> data = new LinkedHashMap<>();
                data.put("id", new JsonPattern.Literal(JsonNodeFactory.instance.textNode(id)));
                data.put("status", new JsonPattern.Literal(JsonNodeFactory.instance.textNode(name)));
                events.add(new EventPattern("JOB_STATUS_CHANGE", new JsonPattern.Obj(data)));
                continue;
            }
            if (!JOB_EVENTS.contains(name)) {
                Set<String> known = new TreeSet<>(JOB_EVENTS);
                known.addAll(STATES);
                diagnostics.error(src.pos(e.name), "'" + name + "' is not a job state or event",
                        hintOr(DidYouMean.hint(name, known), "states: " + String.join(", ", STATES) + "; events: "
                                + String.join(", ", new TreeSet<>(JOB_EVENTS))));
            }
            events.add(new EventPattern(name, e.object() == null ? new JsonPattern.Obj(Map.of()) : json.pattern(e.object())));
        }
        return new Step.ExpectJobEvents(src.pos(c), process, text, id, events, c.EXACTLY() != null);
    }

    private String state(ScenarioParser.WordContext w) {
        String s = src.word(w);
        if (!STATES.contains(s)) {
            diagnostics.error(src.pos(w), "unknown job state '" + s + "'",
                    hintOr(DidYouMean.hint(s, STATES), "states: " + String.join(", ", STATES)));
        }
        return s;
    }

    /** {@code within DURATION}; 0 lets the backend choose (an hour of virtual time, a minute of real). */
    private long within(ScenarioParser.WithinContext w) {
        return w == null ? 0 : Durations.parse(src, diagnostics, w.duration);
    }

    private void requireJob(Symbols sym, String id, SourcePos pos) {
        if (!sym.hasJob(id)) {
            diagnostics.error(pos, "unknown job '" + id + "'", hintOr(DidYouMean.hint(id, sym.jobIds()),
                    "start it first: job " + id + " mirror device=... target=... sync=full"));
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
