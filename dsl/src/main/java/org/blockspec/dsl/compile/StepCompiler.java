package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.DataCheck;
import org.blockspec.dsl.model.GraphClaim;
import org.blockspec.dsl.model.GraphRef;
import org.blockspec.dsl.model.IoTarget;
import org.blockspec.dsl.model.JsonPattern;
import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.SourcePos;
import org.blockspec.dsl.model.Step;
import org.blockspec.dsl.model.TextMatcher;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.graph.NodeNames;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.grammar.ScenarioParser;
import org.blockspec.grammar.ScenarioParser.StepContext;

/**
 * Compiles the steps of one scenario variant (background first) into {@link Step}s, checking
 * names against what earlier steps created. A step followed by {@code expect error} is meant
 * to fail, so it is compiled as written and creates nothing.
 */
final class StepCompiler {
    static final String MAIN = "main";
    private static final Set<String> DEVICE_MODELS = Set.of("virtio-blk", "virtio-blk-pci");
    private static final Set<String> PERM_NAMES = Set.of("consistent-read", "write", "write-unchanged", "resize");

    private final DriverRegistry drivers;
    private final SourceText src;
    private final Diagnostics diagnostics;
    private final List<String> lines;
    private final JsonCompiler json;
    private final JobStepCompiler jobs;
    private final Map<String, Symbols> processes = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private boolean realClock;

    StepCompiler(DriverRegistry drivers, SourceText src, Diagnostics diagnostics, List<String> lines) {
        this.drivers = drivers;
        this.src = src;
        this.diagnostics = diagnostics;
        this.lines = lines;
        this.json = new JsonCompiler(src, diagnostics);
        this.jobs = new JobStepCompiler(src, diagnostics, json);
    }

    List<Step> compile(List<ScenarioParser.BlockContext> blocks) {
        for (ScenarioParser.BlockContext b : blocks) block(b, MAIN);
        return steps;
    }

    /** Whether a {@code clock real} step asked for the real clock. */
    boolean realClock() { return realClock; }

    private Symbols symbols(String process) {
        return processes.computeIfAbsent(process, p -> new Symbols());
    }

    private void block(ScenarioParser.BlockContext b, String process) {
        List<StepContext> list = b.step();
        for (int i = 0; i < list.size(); i++) {
            StepContext s = list.get(i);
            if (isAttachment(s)) {
                diagnostics.error(src.pos(s), "'" + firstWords(s) + "' must follow the step it is about",
                        "put it on the line after a node, device, delete, qmp or io step");
                continue;
            }
            List<StepContext> attached = new ArrayList<>();
            while (i + 1 < list.size() && isAttachment(list.get(i + 1))) attached.add(list.get(++i));
            action(s, attached, process);
        }
    }

    private static boolean isAttachment(StepContext s) {
        return s instanceof ScenarioParser.ExpectErrorStepContext || s instanceof ScenarioParser.QmpReturnStepContext
                || s instanceof ScenarioParser.QmpErrorStepContext;
    }

    private static String firstWords(StepContext s) {
        return s.getChild(0).getText() + (s.getChildCount() > 1 ? " " + s.getChild(1).getText() : "");
    }

    /** The outcome the attached lines ask for; at most one. */
    private Outcome outcome(StepContext action, List<StepContext> attached) {
        Outcome out = Outcome.SUCCESS;
        for (StepContext a : attached) {
            if (out != Outcome.SUCCESS) {
                diagnostics.error(src.pos(a), "this step already has an expectation", null);
                continue;
            }
            switch (a) {
                case ScenarioParser.ExpectErrorStepContext e -> out = fails(e.errorClass, e.matcher(), src.pos(e));
                case ScenarioParser.QmpErrorStepContext e -> out = fails(e.errorClass, e.matcher(), src.pos(e));
                case ScenarioParser.QmpReturnStepContext r -> {
                    if (!(action instanceof ScenarioParser.QmpStepContext)) {
                        diagnostics.error(src.pos(r), "'-> return' follows only a qmp step", "use 'expect error' "
                                + "for other steps; they succeed unless told otherwise");
                    }
                    out = new Outcome.Returns(json.pattern(r.json()));
                }
                default -> throw new IllegalStateException(a.getClass().getName());
            }
        }
        return out;
    }

    private Outcome fails(org.antlr.v4.runtime.Token cls, ScenarioParser.MatcherContext m, SourcePos pos) {
        TextMatcher matcher = m.MATCHES() != null ? json.regex(m.STRING().getSymbol())
                : new TextMatcher.Exact(src.string(m.STRING().getSymbol()));
        return new Outcome.Fails(cls == null ? null : cls.getText(), matcher, pos);
    }

    private String text(StepContext s) {
        int line = s.getStart().getLine();
        return line <= lines.size() ? lines.get(line - 1).strip() : s.getText();
    }

    private void action(StepContext s, List<StepContext> attached, String process) {
        Outcome outcome = outcome(s, attached);
        boolean failing = outcome instanceof Outcome.Fails;
        Symbols sym = symbols(process);
        SourcePos pos = src.pos(s);
        switch (s) {
            case ScenarioParser.ImageStepContext c -> image(c, process, outcome);
            case ScenarioParser.NodeStepContext c -> node(c, process, outcome, sym);
            case ScenarioParser.NodeJsonStepContext c -> {
                ObjectNode args = json.object(c.object());
                steps.add(new Step.Qmp(pos, process, text(s), "blockdev-add", args, outcome));
                if (!failing && args.path("node-name").isTextual()) {
                    sym.addNodes(List.of(args.get("node-name").asText()), pos);
                }
            }
            case ScenarioParser.ReopenStepContext c -> reopen(c, process, outcome, sym);
            case ScenarioParser.DeviceStepContext c -> device(c, process, outcome, sym);
            case ScenarioParser.DeleteStepContext c -> delete(c, process, outcome, sym);
            case ScenarioParser.QmpStepContext c -> qmp(c, process, outcome, sym);
            case ScenarioParser.IoStepContext c -> io(c, process, outcome, sym);
            case ScenarioParser.JobStepContext c -> steps.add(jobs.start(c, process, text(c), outcome, sym));
            case ScenarioParser.JobVerbStepContext c -> steps.add(jobs.verb(c, process, text(c), outcome, sym));
            case ScenarioParser.ClockStepContext c -> {
                String kind = src.word(c.kind);
                if (!steps.isEmpty()) {
                    diagnostics.error(pos, "'clock' must come before every other step", "put it first in the scenario");
                } else if (!kind.equals("real") && !kind.equals("virtual")) {
                    diagnostics.error(src.pos(c.kind), "unknown clock '" + kind + "'", "clock real or clock virtual");
                }
                realClock = kind.equals("real");
            }
            case ScenarioParser.ProcessStepContext c -> {
                if (!process.equals(MAIN)) diagnostics.error(pos, "process blocks do not nest", null);
                if (!attached.isEmpty()) diagnostics.error(src.pos(attached.getFirst()), "a process block cannot fail", null);
                block(c.block(), src.word(c.word()));
            }
            default -> {
                if (!attached.isEmpty()) {
                    diagnostics.error(src.pos(attached.getFirst()), "expectations cannot have expectations", null);
                }
                steps.add(check(s, process, sym));
            }
        }
    }

    private void image(ScenarioParser.ImageStepContext c, String process, Outcome outcome) {
        SourcePos pos = src.pos(c);
        String format = src.word(c.format);
        var factory = drivers.get(format);
        if (factory == null || factory.kind() != DriverKind.FORMAT) {
            Set<String> formats = new TreeSet<>();
            drivers.all().forEach(f -> {
                if (f.kind() == DriverKind.FORMAT) formats.add(f.name());
            });
            diagnostics.error(src.pos(c.format), "unknown image format '" + format + "'",
                    DidYouMean.hint(format, formats) != null ? DidYouMean.hint(format, formats)
                            : "formats: " + String.join(", ", formats));
        }
        Long size = Sizes.parseOrNull(src.word(c.size));
        if (size == null || size < 0) {
            diagnostics.error(src.pos(c.size), "'" + src.word(c.size) + "' is not a size", "write e.g. 64M, 1G, 0x10000");
            size = 0L;
        }
        if (outcome != Outcome.SUCCESS) diagnostics.error(pos, "creating an image cannot be expected to fail", null);
        StringBuilder options = new StringBuilder();
        Set<String> known = new TreeSet<>();
        if (factory != null) factory.createOptions().forEach(o -> known.add(o.name()));
        if (drivers.get("file") != null) drivers.get("file").createOptions().forEach(o -> known.add(o.name()));
        for (ScenarioParser.OptionContext o : c.option()) {
            if (!known.contains(src.word(o.key))) {
                diagnostics.error(src.pos(o.key), "unknown option '" + src.word(o.key) + "' for " + format + " images",
                        hintOr(DidYouMean.hint(src.word(o.key), known), "options: " + String.join(", ", known)));
                continue;
            }
            if (o.optionValue().nested() != null) {
                diagnostics.error(src.pos(o.optionValue()), "image options are plain values", "e.g. cluster_size=512");
                continue;
            }
            if (!options.isEmpty()) options.append(',');
            options.append(src.word(o.key)).append('=').append(src.value(o.optionValue().value()));
        }
        steps.add(new Step.CreateImage(pos, process, text(c), src.word(c.name), format, size,
                c.backing == null ? null : src.word(c.backing),
                c.backingFormat == null ? null : src.word(c.backingFormat),
                options.isEmpty() ? null : options.toString()));
    }

    private void node(ScenarioParser.NodeStepContext c, String process, Outcome outcome, Symbols sym) {
        boolean failing = outcome instanceof Outcome.Fails;
        SourcePos pos = src.pos(c);
        String name = src.word(c.name);
        if (!failing) {
            if (!NodeNames.wellFormed(name) || name.length() > NodeNames.MAX_LENGTH) {
                diagnostics.error(src.pos(c.name), "'" + name + "' is not a valid node name",
                        "a letter first, then letters, digits, '-', '.' or '_'; at most 31 characters");
            } else if (sym.hasNode(name)) {
                diagnostics.error(src.pos(c.name), "node '" + name + "' already exists (line "
                        + sym.node(name).line() + ")", null);
            }
        }
        var r = new NodeOptionsCompiler(drivers, src, diagnostics).compile(name, c.driver, c.option(), failing);
        for (var ref : r.references()) requireNode(sym, ref.name(), ref.pos() != null ? ref.pos() : pos);
        steps.add(new Step.Qmp(pos, process, text(c), "blockdev-add", r.arguments(), outcome));
        if (!failing) sym.addNodes(r.nodes(), pos);
    }

    /**
     * {@code reopen NAME DRIVER options}: blockdev-reopen of one node with its complete new
     * options, written like a node step. Inline children reopen the node's own children.
     */
    private void reopen(ScenarioParser.ReopenStepContext c, String process, Outcome outcome, Symbols sym) {
        boolean failing = outcome instanceof Outcome.Fails;
        SourcePos pos = src.pos(c);
        String name = src.word(c.name);
        if (!failing) requireNode(sym, name, src.pos(c.name));
        var r = new NodeOptionsCompiler(drivers, src, diagnostics).compile(name, c.driver, c.option(), failing);
        for (var ref : r.references()) requireNode(sym, ref.name(), ref.pos() != null ? ref.pos() : pos);
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        args.putArray("options").add(r.arguments());
        steps.add(new Step.Qmp(pos, process, text(c), "blockdev-reopen", args, outcome));
    }

    private void device(ScenarioParser.DeviceStepContext c, String process, Outcome outcome, Symbols sym) {
        boolean failing = outcome instanceof Outcome.Fails;
        SourcePos pos = src.pos(c);
        String id = src.word(c.id);
        String model = src.word(c.model);
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        args.put("driver", model);
        args.put("id", id);
        ObjectNode props = JsonNodeFactory.instance.objectNode();
        for (ScenarioParser.OptionContext o : c.option()) {
            if (o.optionValue().nested() != null) {
                diagnostics.error(src.pos(o.optionValue()), "device properties are plain values", null);
                continue;
            }
            props.put(src.word(o.key), src.value(o.optionValue().value()));
        }
        args.setAll(NodeOptionsCompiler.bestEffort(props));
        if (!failing) {
            if (!DEVICE_MODELS.contains(model)) {
                diagnostics.error(src.pos(c.model), "unknown device model '" + model + "'",
                        hintOr(DidYouMean.hint(model, DEVICE_MODELS), "models: virtio-blk, virtio-blk-pci"));
            }
            if (sym.hasDevice(id)) {
                diagnostics.error(src.pos(c.id), "device '" + id + "' already exists (line " + sym.device(id).line() + ")",
                        null);
            }
            if (!props.has("drive")) diagnostics.error(pos, "a virtio-blk device needs drive=NODE", null);
            for (ScenarioParser.OptionContext o : c.option()) {
                String key = src.word(o.key);
                if (key.equals("drive")) requireNode(sym, props.get("drive").asText(), src.pos(o.optionValue()));
                if (key.equals("read-only")) {
                    diagnostics.error(src.pos(o.key), "virtio-blk has no read-only property",
                            "a device is read-only when its node is: give the node read-only=on");
                }
            }
        }
        steps.add(new Step.Qmp(pos, process, text(c), "device_add", args, outcome));
        if (!failing) sym.addDevice(id, pos);
    }

    private void delete(ScenarioParser.DeleteStepContext c, String process, Outcome outcome, Symbols sym) {
        boolean failing = outcome instanceof Outcome.Fails;
        SourcePos pos = src.pos(c);
        String name = src.word(c.word());
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        if (c.kind.getType() == ScenarioParser.NODE) {
            if (!failing) requireNode(sym, name, src.pos(c.word()));
            args.put("node-name", name);
            steps.add(new Step.Qmp(pos, process, text(c), "blockdev-del", args, outcome));
            if (!failing) sym.removeNode(name);
        } else {
            if (!failing && !sym.hasDevice(name)) {
                diagnostics.error(src.pos(c.word()), "unknown device '" + name + "'", DidYouMean.hint(name, sym.deviceIds()));
            }
            args.put("id", name);
            steps.add(new Step.Qmp(pos, process, text(c), "device_del", args, outcome));
            if (!failing) sym.removeDevice(name);
        }
    }

    private void qmp(ScenarioParser.QmpStepContext c, String process, Outcome outcome, Symbols sym) {
        SourcePos pos = src.pos(c);
        String command = src.word(c.command);
        ObjectNode args = c.object() != null ? json.object(c.object()) : JsonNodeFactory.instance.objectNode();
        steps.add(new Step.Qmp(pos, process, text(c), command, args, outcome));
        if (outcome instanceof Outcome.Fails) return;
        // Keep the compiler's view of the graph in step with raw commands it understands.
        JsonNode name = args.path("node-name");
        switch (command) {
            case "blockdev-add" -> {
                if (name.isTextual()) sym.addNodes(List.of(name.asText()), pos);
            }
            case "blockdev-del" -> {
                if (name.isTextual()) sym.removeNode(name.asText());
            }
            case "blockdev-snapshot-sync" -> snapshotNode(args, pos, sym);
            case "transaction" -> {
                for (JsonNode a : args.path("actions")) {
                    if (a.path("type").asText().equals("blockdev-snapshot-sync")) snapshotNode(a.path("data"), pos, sym);
                }
            }
            case "device_add" -> {
                if (args.path("id").isTextual()) sym.addDevice(args.get("id").asText(), pos);
            }
            case "device_del" -> {
                if (args.path("id").isTextual()) sym.removeDevice(args.get("id").asText());
            }
            default -> { }
        }
    }

    /** The overlay node a snapshot creates. */
    private static void snapshotNode(JsonNode args, SourcePos pos, Symbols sym) {
        JsonNode name = args.path("snapshot-node-name");
        if (name.isTextual()) sym.addNodes(List.of(name.asText()), pos);
    }

    private void io(ScenarioParser.IoStepContext c, String process, Outcome outcome, Symbols sym) {
        // An io step meant to fail may name something that does not exist; that is the point of it.
        IoTarget target = outcome instanceof Outcome.Fails && !sym.hasDevice(src.word(c.target))
                ? new IoTarget.Node(src.word(c.target)) : target(c.target, sym);
        StringBuilder cmd = new StringBuilder();
        for (ScenarioParser.IoArgContext a : c.ioArg()) {
            if (!cmd.isEmpty()) cmd.append(' ');
            cmd.append(a.STRING() != null ? a.STRING().getText() : src.word(a.word()));
        }
        steps.add(new Step.QemuIo(src.pos(c), process, text(c), target, cmd.toString(), outcome));
    }

    private IoTarget target(ScenarioParser.WordContext w, Symbols sym) {
        String name = src.word(w);
        if (sym.hasDevice(name)) return new IoTarget.Device(name);
        if (!sym.hasNode(name)) {
            Set<String> known = new TreeSet<>(sym.nodeNames());
            known.addAll(sym.deviceIds());
            diagnostics.error(src.pos(w), "unknown device or node '" + name + "'", DidYouMean.hint(name, known));
        }
        return new IoTarget.Node(name);
    }

    private Step check(StepContext s, String process, Symbols sym) {
        SourcePos pos = src.pos(s);
        String text = text(s);
        return switch (s) {
            case ScenarioParser.ExpectGraphStepContext g -> {
                List<GraphClaim> claims = new ArrayList<>();
                for (ScenarioParser.GraphLineContext l : g.graphLine()) claims.add(claim(l, sym));
                yield new Step.ExpectGraph(pos, process, text, claims, g.EXACTLY() != null);
            }
            case ScenarioParser.ExpectPermsStepContext p -> new Step.ExpectPerms(pos, process, text,
                    ref(p.edge, sym), p.child == null ? null : ref(p.child, sym), perms(p.required), perms(p.shared));
            case ScenarioParser.ExpectEventStepContext e -> new Step.ExpectEvent(pos, process, text, src.word(e.name),
                    e.object() == null ? new JsonPattern.Obj(Map.of()) : json.pattern(e.object()));
            case ScenarioParser.ExpectDataStepContext d -> data(d, process, sym);
            case ScenarioParser.ExpectLocksStepContext l -> new Step.ExpectLocks(pos, process, text, src.word(l.image),
                    perms(l.held), perms(l.unshared));
            case ScenarioParser.ExpectElapsedStepContext e -> new Step.ExpectElapsed(pos, process, text,
                    duration(e.duration));
            case ScenarioParser.RunUntilJobStepContext r -> jobs.runUntilJob(r, process, text, sym);
            case ScenarioParser.RunUntilEventStepContext r -> jobs.runUntilEvent(r, process, text);
            case ScenarioParser.RunChunksStepContext r -> jobs.runChunks(r, process, text, sym);
            case ScenarioParser.RunForStepContext r -> jobs.runFor(r, process, text);
            case ScenarioParser.ExpectJobStepContext e -> jobs.expectJob(e, process, text, sym);
            case ScenarioParser.ExpectJobEventsStepContext e -> jobs.expectEvents(e, process, text, sym);
            default -> throw new IllegalStateException("unhandled step " + s.getClass().getSimpleName());
        };
    }

    private Step data(ScenarioParser.ExpectDataStepContext d, String process, Symbols sym) {
        IoTarget target = target(d.target, sym);
        long offset = 0;
        Long length = null;
        if (d.range() != null) {
            offset = number(d.range().offset);
            length = number(d.range().length);
        }
        ScenarioParser.DataCheckContext c = d.dataCheck();
        DataCheck check;
        if (c.PATTERN() != null) {
            long p = number(c.word());
            if (p < 0 || p > 255) diagnostics.error(src.pos(c.word()), "a pattern is one byte (0..255)", null);
            check = new DataCheck.Pattern((int) (p & 0xff));
        } else if (c.ZEROES() != null) {
            check = new DataCheck.Zeroes();
        } else {
            check = new DataCheck.SameAs(target(c.word(), sym));
        }
        return new Step.ExpectData(src.pos(d), process, text(d), target, offset, length, check);
    }

    private long duration(ScenarioParser.WordContext w) {
        return Durations.parse(src, diagnostics, w);
    }

    private long number(ScenarioParser.WordContext w) {
        Long n = Sizes.parseOrNull(src.word(w));
        if (n == null) {
            diagnostics.error(src.pos(w), "'" + src.word(w) + "' is not a number", "write e.g. 0, 4096, 64k, 0x5a");
            return 0;
        }
        return n;
    }

    private GraphClaim claim(ScenarioParser.GraphLineContext l, Symbols sym) {
        SourcePos pos = src.pos(l);
        return switch (l) {
            case ScenarioParser.GraphNodeDriverContext n -> {
                GraphRef r = ref(n.graphRef(), sym);
                String driver = src.word(n.driver);
                if (drivers.get(driver) == null && !org.blockspec.engine.job.JobFilters.DRIVERS.contains(driver)) {
                    Set<String> known = new TreeSet<>(org.blockspec.engine.job.JobFilters.DRIVERS);
                    drivers.all().forEach(f -> known.add(f.name()));
                    diagnostics.error(src.pos(n.driver), "unknown driver '" + driver + "'", DidYouMean.hint(driver, known));
                }
                if (r.device() && r.path().isEmpty()) {
                    diagnostics.error(r.pos(), "'" + r.root() + "' is a device, not a node", null);
                }
                if (r.job() && r.path().isEmpty()) diagnostics.error(r.pos(), "'" + r.root() + "' is a job, not a node", null);
                yield new GraphClaim.HasDriver(r, driver, pos);
            }
            case ScenarioParser.GraphSameNodeContext s -> new GraphClaim.SameNode(ref(s.graphRef(0), sym),
                    ref(s.graphRef(1), sym), pos);
            case ScenarioParser.GraphEdgeContext e -> new GraphClaim.Edge(ref(e.graphRef(0), sym),
                    ref(e.graphRef(1), sym), pos);
            default -> throw new IllegalStateException(l.getClass().getName());
        };
    }

    /** {@code name}, {@code device-id} or {@code name/child/child...}. */
    private GraphRef ref(ScenarioParser.GraphRefContext r, Symbols sym) {
        SourcePos pos = src.pos(r);
        String[] parts = src.word(r.word()).split("/");
        String root = parts[0];
        GraphRef.Kind kind = sym.hasNode(root) ? GraphRef.Kind.NODE : sym.hasDevice(root) ? GraphRef.Kind.DEVICE
                : sym.hasJob(root) ? GraphRef.Kind.JOB : GraphRef.Kind.NODE;
        if (kind == GraphRef.Kind.NODE && !sym.hasNode(root)) {
            Set<String> known = new TreeSet<>(sym.nodeNames());
            known.addAll(sym.deviceIds());
            known.addAll(sym.jobIds());
            diagnostics.error(pos, "unknown node, device or job '" + root + "'", hintOr(DidYouMean.hint(root, known),
                    "name generated nodes by position from a named one, e.g. disk0/file"));
        }
        List<String> path = new ArrayList<>(List.of(parts).subList(1, parts.length));
        return new GraphRef(root, kind, path, pos);
    }

    private PermSet perms(ScenarioParser.PermSetContext p) {
        PermSet set = PermSet.NONE;
        for (ScenarioParser.WordContext w : p.word()) {
            String name = src.word(w);
            Perm perm = Perm.fromQmpName(name);
            if (perm == null) {
                diagnostics.error(src.pos(w), "unknown permission '" + name + "'",
                        hintOr(DidYouMean.hint(name, PERM_NAMES), "permissions: " + String.join(", ", new TreeSet<>(PERM_NAMES))));
                continue;
            }
            set = set.plus(perm);
        }
        return set;
    }

    private void requireNode(Symbols sym, String name, SourcePos pos) {
        if (sym.hasNode(name)) return;
        diagnostics.error(pos, "unknown node '" + name + "'", DidYouMean.hint(name, sym.nodeNames()));
    }

    private static String hintOr(String hint, String otherwise) {
        return hint != null ? hint : otherwise;
    }
}
