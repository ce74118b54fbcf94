package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

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

/**
 * Builds the {@link Step}s of one scenario variant from steps as written, whatever the surface
 * syntax ({@code .scenario} text, Gherkin), checking names against what earlier steps created
 * and options against the drivers, so both surfaces report the same mistakes the same way.
 *
 * <p>An action (image, node, device, delete, qmp, io) waits until the next call: an
 * {@link #expectError} or {@link #expectReturn} right after it says how it must end. A step
 * expected to fail is built as written and creates nothing.
 *
 * <p>Each call may carry a mark (say, the index of the Gherkin step it came from);
 * {@link #placements()} tells for every built step the mark of its action and of its verdict.
 */
public final class StepBuilder {
    public static final String MAIN = "main";
    private static final Set<String> DEVICE_MODELS = Set.of("virtio-blk", "virtio-blk-pci");
    private static final Set<String> PERM_NAMES = Set.of("consistent-read", "write", "write-unchanged", "resize");

    /** For every built step: the mark current when its action was written and when its verdict was. */
    public record Placement(int action, int verdict) {
    }

    private final DriverRegistry drivers;
    private final Diagnostics diagnostics;
    private final JobSteps jobs;
    private final Map<String, Symbols> processes = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Placement> placements = new ArrayList<>();
    private boolean realClock;
    private int mark;
    private Pending pending;

    /** An action waiting to learn whether it is expected to fail. */
    private record Pending(Origin origin, int mark, Consumer<Outcome> build, boolean qmp) {
    }

    public StepBuilder(DriverRegistry drivers, Diagnostics diagnostics) {
        this.drivers = drivers;
        this.diagnostics = diagnostics;
        this.jobs = new JobSteps(diagnostics);
    }

    /** Tags the calls that follow (see {@link #placements()}). */
    public void mark(int mark) {
        this.mark = mark;
    }

    /** The steps built so far, the last action included. */
    public List<Step> finish() {
        flush(Outcome.SUCCESS, -1);
        return List.copyOf(steps);
    }

    public List<Placement> placements() {
        return List.copyOf(placements);
    }

    /** Whether a {@code clock real} step asked for the real clock. */
    public boolean realClock() { return realClock; }

    public Diagnostics diagnostics() { return diagnostics; }

    private Symbols symbols(String process) {
        return processes.computeIfAbsent(process, p -> new Symbols());
    }

    /** Builds the waiting action; {@code verdictMark} -1: its verdict is its own step's. */
    private void flush(Outcome outcome, int verdictMark) {
        if (pending == null) return;
        if (verdictMark < 0) verdictMark = pending.mark();
        Pending p = pending;
        pending = null;
        int before = steps.size();
        p.build().accept(outcome);
        for (int i = before; i < steps.size(); i++) placements.add(new Placement(p.mark(), verdictMark));
    }

    private void action(Origin o, boolean qmp, Consumer<Outcome> build) {
        flush(Outcome.SUCCESS, -1);
        pending = new Pending(o, mark, build, qmp);
        last = Last.ACTION;
    }

    private void check(Step step) {
        flush(Outcome.SUCCESS, -1);
        steps.add(step);
        placements.add(new Placement(mark, mark));
        last = Last.CHECK;
    }

    // ---- attachments -------------------------------------------------------------------------

    /**
     * The action just written must fail with this error.
     *
     * @param label how the expectation is written, for messages ({@code expect error})
     */
    public void expectError(Origin o, String label, String errorClass, TextMatcher desc) {
        attach(o, label, new Outcome.Fails(errorClass, desc, o.pos()), false);
    }

    /** The qmp action just written must return this. */
    public void expectReturn(Origin o, String label, JsonPattern value) {
        attach(o, label, new Outcome.Returns(value), true);
    }

    private void attach(Origin o, String label, Outcome outcome, boolean returns) {
        switch (last) {
            case ACTION -> {
                if (returns && !pending.qmp()) {
                    diagnostics.error(o.pos(), "'" + label + "' follows only a qmp step",
                            "other steps succeed unless told they fail; expect an error instead");
                }
                flush(outcome, mark);
                last = Last.ATTACHED;
            }
            case ATTACHED -> diagnostics.error(o.pos(), "this step already has an expectation", null);
            case CHECK -> diagnostics.error(o.pos(), "expectations cannot have expectations", null);
            case NONE -> diagnostics.error(o.pos(), "'" + label + "' must follow the step it is about",
                    "put it right after the node, device, delete, qmp, io or job step it is about");
        }
    }

    /** What the previous call was, for attachments. */
    private enum Last { NONE, ACTION, ATTACHED, CHECK }

    private Last last = Last.NONE;

    /** A new block of steps starts (another process): an expectation cannot reach back past it. */
    public void boundary() {
        flush(Outcome.SUCCESS, -1);
        last = Last.NONE;
    }

    // ---- actions -----------------------------------------------------------------------------

    public void image(Origin o, Word name, Word format, Word size, Word backing, Word backingFormat,
                      List<NodeOption> options) {
        action(o, false, outcome -> {
            var factory = drivers.get(format.text());
            if (factory == null || factory.kind() != DriverKind.FORMAT) {
                Set<String> formats = new TreeSet<>();
                drivers.all().forEach(f -> {
                    if (f.kind() == DriverKind.FORMAT) formats.add(f.name());
                });
                diagnostics.error(format.pos(), "unknown image format '" + format.text() + "'",
                        hintOr(DidYouMean.hint(format.text(), formats), "formats: " + String.join(", ", formats)));
            }
            Long bytes = Sizes.parseOrNull(size.text());
            if (bytes == null || bytes < 0) {
                diagnostics.error(size.pos(), "'" + size.text() + "' is not a size", "write e.g. 64M, 1G, 0x10000");
                bytes = 0L;
            }
            if (outcome != Outcome.SUCCESS) diagnostics.error(o.pos(), "creating an image cannot be expected to fail", null);
            StringBuilder opts = new StringBuilder();
            Set<String> known = new TreeSet<>();
            if (factory != null) factory.createOptions().forEach(x -> known.add(x.name()));
            if (drivers.get("file") != null) drivers.get("file").createOptions().forEach(x -> known.add(x.name()));
            for (NodeOption opt : options) {
                if (!known.contains(opt.key().text())) {
                    diagnostics.error(opt.key().pos(), "unknown option '" + opt.key().text() + "' for " + format.text()
                            + " images", hintOr(DidYouMean.hint(opt.key().text(), known), "options: " + String.join(", ", known)));
                    continue;
                }
                if (!(opt instanceof NodeOption.Value v)) {
                    diagnostics.error(((NodeOption.Nested) opt).pos(), "image options are plain values", "e.g. cluster_size=512");
                    continue;
                }
                if (!opts.isEmpty()) opts.append(',');
                opts.append(v.key().text()).append('=').append(v.value().text());
            }
            steps.add(new Step.CreateImage(o.pos(), o.process(), o.text(), name.text(), format.text(), bytes,
                    backing == null ? null : backing.text(), backingFormat == null ? null : backingFormat.text(),
                    opts.isEmpty() ? null : opts.toString()));
        });
    }

    /** {@code node NAME DRIVER options}: blockdev-add in short form. */
    public void node(Origin o, Word name, Word driver, List<NodeOption> options) {
        action(o, false, outcome -> {
            boolean failing = outcome instanceof Outcome.Fails;
            Symbols sym = symbols(o.process());
            if (!failing) {
                if (!NodeNames.wellFormed(name.text()) || name.text().length() > NodeNames.MAX_LENGTH) {
                    diagnostics.error(name.pos(), "'" + name.text() + "' is not a valid node name",
                            "a letter first, then letters, digits, '-', '.' or '_'; at most 31 characters");
                } else if (sym.hasNode(name.text())) {
                    diagnostics.error(name.pos(), "node '" + name.text() + "' already exists (line "
                            + sym.node(name.text()).line() + ")", null);
                }
            }
            var r = new NodeOptionsCompiler(drivers, diagnostics).compile(name.text(), driver, options, failing);
            for (var ref : r.references()) requireNode(sym, ref.name(), ref.pos() != null ? ref.pos() : o.pos());
            steps.add(new Step.Qmp(o.pos(), o.process(), o.text(), "blockdev-add", r.arguments(), outcome));
            if (!failing) sym.addNodes(r.nodes(), o.pos());
        });
    }

    /** blockdev-add with its arguments as JSON. */
    public void nodeJson(Origin o, ObjectNode args) {
        action(o, false, outcome -> {
            steps.add(new Step.Qmp(o.pos(), o.process(), o.text(), "blockdev-add", args, outcome));
            if (!(outcome instanceof Outcome.Fails) && args.path("node-name").isTextual()) {
                symbols(o.process()).addNodes(List.of(args.get("node-name").asText()), o.pos());
            }
        });
    }

    /**
     * {@code reopen NAME DRIVER options}: blockdev-reopen of one node with its complete new
     * options, written like a node step. Inline children reopen the node's own children.
     */
    public void reopen(Origin o, Word name, Word driver, List<NodeOption> options) {
        action(o, false, outcome -> {
            boolean failing = outcome instanceof Outcome.Fails;
            Symbols sym = symbols(o.process());
            if (!failing) requireNode(sym, name.text(), name.pos());
            var r = new NodeOptionsCompiler(drivers, diagnostics).compile(name.text(), driver, options, failing);
            for (var ref : r.references()) requireNode(sym, ref.name(), ref.pos() != null ? ref.pos() : o.pos());
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.putArray("options").add(r.arguments());
            steps.add(new Step.Qmp(o.pos(), o.process(), o.text(), "blockdev-reopen", args, outcome));
        });
    }

    /** {@code device ID MODEL key=value ...}: a virtio-blk disk. */
    public void device(Origin o, Word id, Word model, List<NodeOption> properties) {
        action(o, false, outcome -> {
            boolean failing = outcome instanceof Outcome.Fails;
            Symbols sym = symbols(o.process());
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.put("driver", model.text());
            args.put("id", id.text());
            ObjectNode props = JsonNodeFactory.instance.objectNode();
            for (NodeOption p : properties) {
                switch (p) {
                    case NodeOption.Nested n -> diagnostics.error(n.pos(), "device properties are plain values", null);
                    case NodeOption.Value v -> props.put(v.key().text(), v.value().text());
                }
            }
            args.setAll(NodeOptionsCompiler.bestEffort(props));
            if (!failing) {
                if (!DEVICE_MODELS.contains(model.text())) {
                    diagnostics.error(model.pos(), "unknown device model '" + model.text() + "'",
                            hintOr(DidYouMean.hint(model.text(), DEVICE_MODELS), "models: virtio-blk, virtio-blk-pci"));
                }
                if (sym.hasDevice(id.text())) {
                    diagnostics.error(id.pos(), "device '" + id.text() + "' already exists (line "
                            + sym.device(id.text()).line() + ")", null);
                }
                if (!props.has("drive")) diagnostics.error(o.pos(), "a virtio-blk device needs drive=NODE", null);
                for (NodeOption p : properties) {
                    if (!(p instanceof NodeOption.Value v)) continue;
                    if (v.key().text().equals("drive")) requireNode(sym, v.value().text(), v.value().pos());
                    if (v.key().text().equals("read-only")) {
                        diagnostics.error(v.key().pos(), "virtio-blk has no read-only property",
                                "a device is read-only when its node is: give the node read-only=on");
                    }
                }
            }
            steps.add(new Step.Qmp(o.pos(), o.process(), o.text(), "device_add", args, outcome));
            if (!failing) sym.addDevice(id.text(), o.pos());
        });
    }

    /** blockdev-del. */
    public void deleteNode(Origin o, Word name) {
        action(o, false, outcome -> {
            boolean failing = outcome instanceof Outcome.Fails;
            Symbols sym = symbols(o.process());
            if (!failing) requireNode(sym, name.text(), name.pos());
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.put("node-name", name.text());
            steps.add(new Step.Qmp(o.pos(), o.process(), o.text(), "blockdev-del", args, outcome));
            if (!failing) sym.removeNode(name.text());
        });
    }

    /** device_del, which waits for DEVICE_DELETED. */
    public void deleteDevice(Origin o, Word id) {
        action(o, false, outcome -> {
            boolean failing = outcome instanceof Outcome.Fails;
            Symbols sym = symbols(o.process());
            if (!failing && !sym.hasDevice(id.text())) {
                diagnostics.error(id.pos(), "unknown device '" + id.text() + "'", DidYouMean.hint(id.text(), sym.deviceIds()));
            }
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.put("id", id.text());
            steps.add(new Step.Qmp(o.pos(), o.process(), o.text(), "device_del", args, outcome));
            if (!failing) sym.removeDevice(id.text());
        });
    }

    /** Any QMP command; {@code args} null for none. */
    public void qmp(Origin o, Word command, ObjectNode args) {
        ObjectNode arguments = args != null ? args : JsonNodeFactory.instance.objectNode();
        action(o, true, outcome -> {
            steps.add(new Step.Qmp(o.pos(), o.process(), o.text(), command.text(), arguments, outcome));
            if (outcome instanceof Outcome.Fails) return;
            // Keep the compiler's view of the graph in step with raw commands it understands.
            Symbols sym = symbols(o.process());
            JsonNode name = arguments.path("node-name");
            switch (command.text()) {
                case "blockdev-add" -> {
                    if (name.isTextual()) sym.addNodes(List.of(name.asText()), o.pos());
                }
                case "blockdev-del" -> {
                    if (name.isTextual()) sym.removeNode(name.asText());
                }
                case "blockdev-snapshot-sync" -> snapshotNode(arguments, o.pos(), sym);
                case "transaction" -> {
                    for (JsonNode a : arguments.path("actions")) {
                        if (a.path("type").asText().equals("blockdev-snapshot-sync")) snapshotNode(a.path("data"), o.pos(), sym);
                    }
                }
                case "device_add" -> {
                    if (arguments.path("id").isTextual()) sym.addDevice(arguments.get("id").asText(), o.pos());
                }
                case "device_del" -> {
                    if (arguments.path("id").isTextual()) sym.removeDevice(arguments.get("id").asText());
                }
                default -> { }
            }
        });
    }

    /** The overlay node a snapshot creates. */
    private static void snapshotNode(JsonNode args, SourcePos pos, Symbols sym) {
        JsonNode name = args.path("snapshot-node-name");
        if (name.isTextual()) sym.addNodes(List.of(name.asText()), pos);
    }

    /** A qemu-io command on a device or node. */
    public void io(Origin o, Word target, String command) {
        action(o, false, outcome -> {
            Symbols sym = symbols(o.process());
            // An io step meant to fail may name something that does not exist; that is the point of it.
            IoTarget t = outcome instanceof Outcome.Fails && !sym.hasDevice(target.text())
                    ? new IoTarget.Node(target.text()) : target(target, sym);
            steps.add(new Step.QemuIo(o.pos(), o.process(), o.text(), t, command, outcome));
        });
    }

    /** {@code clock real|virtual}, before every other step. */
    public void clock(Origin o, Word kind) {
        boundary();
        if (!steps.isEmpty()) {
            diagnostics.error(o.pos(), "'clock' must come before every other step", "put it first in the scenario");
        } else if (!kind.text().equals("real") && !kind.text().equals("virtual")) {
            diagnostics.error(kind.pos(), "unknown clock '" + kind.text() + "'", "clock real or clock virtual");
        }
        realClock = kind.text().equals("real");
    }

    /** {@code job ID TYPE key=value ...}: starts a block job (blockdev-mirror, drive-mirror, block-commit ...). */
    public void startJob(Origin o, Word id, Word type, List<NodeOption> options) {
        action(o, false, outcome -> steps.add(jobs.start(o, id, type, options, outcome, symbols(o.process()))));
    }

    /** {@code VERB job ID} ({@code job-VERB}) or {@code VERB block-job ID [key=value]} ({@code block-job-VERB}). */
    public void onJob(Origin o, Word verb, boolean blockJob, Word id, List<NodeOption> options) {
        action(o, false, outcome -> steps.add(jobs.verb(o, verb, blockJob, id, options, outcome, symbols(o.process()))));
    }

    /** Runs the process until the job reaches {@code state}; {@code within} may be null. */
    public void runUntilJob(Origin o, Word id, Word state, Word within) {
        flush(Outcome.SUCCESS, -1); // the action before may define the job
        addCheck(jobs.runUntilJob(o, id, state, within, symbols(o.process())));
    }

    /** Runs the process until such an event is emitted; {@code data} null: any data. */
    public void runUntilEvent(Origin o, Word name, JsonPattern data, Word within) {
        flush(Outcome.SUCCESS, -1);
        addCheck(jobs.runUntilEvent(o, name, data, within));
    }

    /** Runs the process until the job did {@code count} more chunks. */
    public void runChunks(Origin o, Word id, Word count, Word within) {
        flush(Outcome.SUCCESS, -1);
        addCheck(jobs.runChunks(o, id, count, within, symbols(o.process())));
    }

    /** Lets {@code duration} of the process's time pass. */
    public void runFor(Origin o, Word duration) {
        flush(Outcome.SUCCESS, -1);
        addCheck(jobs.runFor(o, duration));
    }

    /** The job's state and some of its query-block-jobs fields. */
    public void expectJob(Origin o, Word id, Word state, List<NodeOption> fields) {
        flush(Outcome.SUCCESS, -1);
        addCheck(jobs.expectJob(o, id, state, fields, symbols(o.process())));
    }

    /** The job's next events, in order. */
    public void expectJobEvents(Origin o, Word id, List<JobEventLine> events, boolean exact) {
        flush(Outcome.SUCCESS, -1);
        addCheck(jobs.expectEvents(o, id, events, exact, symbols(o.process())));
    }

    // ---- checks ------------------------------------------------------------------------------

    public void expectGraph(Origin o, List<GraphLine> lines, boolean exact) {
        flush(Outcome.SUCCESS, -1); // the action before may define names this check uses
        Symbols sym = symbols(o.process());
        List<GraphClaim> claims = new ArrayList<>();
        for (GraphLine l : lines) claims.add(claim(l, sym));
        addCheck(new Step.ExpectGraph(o.pos(), o.process(), o.text(), claims, exact));
    }

    /** Permissions of an edge ({@code child} given) or of all parents of a node. */
    public void expectPerms(Origin o, Word parent, Word child, List<Word> required, List<Word> shared) {
        flush(Outcome.SUCCESS, -1); // the action before may define names this check uses
        Symbols sym = symbols(o.process());
        addCheck(new Step.ExpectPerms(o.pos(), o.process(), o.text(), ref(parent, sym),
                child == null ? null : ref(child, sym), perms(required), perms(shared)));
    }

    /** {@code data} null: any data. */
    public void expectEvent(Origin o, Word name, JsonPattern data) {
        flush(Outcome.SUCCESS, -1); // the action before may define names this check uses
        addCheck(new Step.ExpectEvent(o.pos(), o.process(), o.text(), name.text(),
                data == null ? new JsonPattern.Obj(Map.of()) : data));
    }

    /** {@code offset} and {@code length} null: the whole device or node. */
    public void expectData(Origin o, Word target, Word offset, Word length, DataExpectation expectation) {
        flush(Outcome.SUCCESS, -1); // the action before may define names this check uses
        Symbols sym = symbols(o.process());
        IoTarget t = target(target, sym);
        long off = offset == null ? 0 : number(offset);
        Long len = length == null ? null : number(length);
        DataCheck check = switch (expectation) {
            case DataExpectation.Pattern p -> {
                long v = number(p.value());
                if (v < 0 || v > 255) diagnostics.error(p.value().pos(), "a pattern is one byte (0..255)", null);
                yield new DataCheck.Pattern((int) (v & 0xff));
            }
            case DataExpectation.Zeroes z -> new DataCheck.Zeroes();
            case DataExpectation.SameAs s -> new DataCheck.SameAs(target(s.other(), sym));
        };
        addCheck(new Step.ExpectData(o.pos(), o.process(), o.text(), t, off, len, check));
    }

    public void expectLocks(Origin o, Word image, List<Word> held, List<Word> unshared) {
        flush(Outcome.SUCCESS, -1); // the action before may define names this check uses
        addCheck(new Step.ExpectLocks(o.pos(), o.process(), o.text(), image.text(), perms(held), perms(unshared)));
    }

    /** {@code 8.9s}, {@code 250ms}, {@code 2min}. */
    public void expectElapsed(Origin o, Word duration) {
        flush(Outcome.SUCCESS, -1); // the action before may define names this check uses
        addCheck(new Step.ExpectElapsed(o.pos(), o.process(), o.text(), duration(duration)));
    }

    private void addCheck(Step s) {
        check(s);
    }

    private long duration(Word w) {
        return Durations.parse(diagnostics, w);
    }

    private long number(Word w) {
        Long n = Sizes.parseOrNull(w.text());
        if (n == null) {
            diagnostics.error(w.pos(), "'" + w.text() + "' is not a number", "write e.g. 0, 4096, 64k, 0x5a");
            return 0;
        }
        return n;
    }

    private IoTarget target(Word w, Symbols sym) {
        if (sym.hasDevice(w.text())) return new IoTarget.Device(w.text());
        if (!sym.hasNode(w.text())) {
            Set<String> known = new TreeSet<>(sym.nodeNames());
            known.addAll(sym.deviceIds());
            diagnostics.error(w.pos(), "unknown device or node '" + w.text() + "'", DidYouMean.hint(w.text(), known));
        }
        return new IoTarget.Node(w.text());
    }

    private GraphClaim claim(GraphLine l, Symbols sym) {
        return switch (l) {
            case GraphLine.HasDriver n -> {
                GraphRef r = ref(n.node(), sym);
                String driver = n.driver().text();
                if (drivers.get(driver) == null && !org.blockspec.engine.job.JobFilters.DRIVERS.contains(driver)) {
                    Set<String> known = new TreeSet<>(org.blockspec.engine.job.JobFilters.DRIVERS);
                    drivers.all().forEach(f -> known.add(f.name()));
                    diagnostics.error(n.driver().pos(), "unknown driver '" + driver + "'", DidYouMean.hint(driver, known));
                }
                if (r.device() && r.path().isEmpty()) {
                    diagnostics.error(r.pos(), "'" + r.root() + "' is a device, not a node", null);
                }
                if (r.job() && r.path().isEmpty()) diagnostics.error(r.pos(), "'" + r.root() + "' is a job, not a node", null);
                yield new GraphClaim.HasDriver(r, driver, l.pos());
            }
            case GraphLine.SameNode s -> new GraphClaim.SameNode(ref(s.a(), sym), ref(s.b(), sym), l.pos());
            case GraphLine.Edge e -> new GraphClaim.Edge(ref(e.parent(), sym), ref(e.child(), sym), l.pos());
        };
    }

    /** {@code name}, {@code device-id} or {@code name/child/child...}. */
    private GraphRef ref(Word w, Symbols sym) {
        String[] parts = w.text().split("/");
        String root = parts[0];
        GraphRef.Kind kind = sym.hasNode(root) ? GraphRef.Kind.NODE : sym.hasDevice(root) ? GraphRef.Kind.DEVICE
                : sym.hasJob(root) ? GraphRef.Kind.JOB : GraphRef.Kind.NODE;
        if (kind == GraphRef.Kind.NODE && !sym.hasNode(root)) {
            Set<String> known = new TreeSet<>(sym.nodeNames());
            known.addAll(sym.deviceIds());
            known.addAll(sym.jobIds());
            diagnostics.error(w.pos(), "unknown node, device or job '" + root + "'", hintOr(DidYouMean.hint(root, known),
                    "name generated nodes by position from a named one, e.g. disk0/file"));
        }
        List<String> path = new ArrayList<>(List.of(parts).subList(1, parts.length));
        return new GraphRef(root, kind, path, w.pos());
    }

    private PermSet perms(List<Word> words) {
        PermSet set = PermSet.NONE;
        for (Word w : words) {
            Perm perm = Perm.fromQmpName(w.text());
            if (perm == null) {
                diagnostics.error(w.pos(), "unknown permission '" + w.text() + "'", hintOr(DidYouMean.hint(w.text(),
                        PERM_NAMES), "permissions: " + String.join(", ", new TreeSet<>(PERM_NAMES))));
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
