package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.Token;

import org.blockspec.dsl.model.Step;
import org.blockspec.dsl.model.TextMatcher;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.grammar.ScenarioParser;
import org.blockspec.grammar.ScenarioParser.StepContext;

/**
 * Compiles the steps of one scenario variant (background first) of a {@code .scenario} file:
 * turns parse-tree steps into words with positions and hands them to the {@link StepBuilder},
 * which does the checking.
 */
final class StepCompiler {
    private final SourceText src;
    private final Diagnostics diagnostics;
    private final List<String> lines;
    private final JsonCompiler json;
    private final StepBuilder builder;
    private final TreeWords words;

    StepCompiler(DriverRegistry drivers, SourceText src, Diagnostics diagnostics, List<String> lines) {
        this.src = src;
        this.diagnostics = diagnostics;
        this.lines = lines;
        this.json = new JsonCompiler(src, diagnostics);
        this.builder = new StepBuilder(drivers, diagnostics);
        this.words = new TreeWords(src);
    }

    List<Step> compile(List<ScenarioParser.BlockContext> blocks) {
        for (ScenarioParser.BlockContext b : blocks) block(b, StepBuilder.MAIN);
        return builder.finish();
    }

    /** Whether a {@code clock real} step asked for the real clock. */
    boolean realClock() { return builder.realClock(); }

    private void block(ScenarioParser.BlockContext b, String process) {
        builder.boundary();
        List<StepContext> list = b.step();
        for (int i = 0; i < list.size(); i++) {
            StepContext s = list.get(i);
            if (s instanceof ScenarioParser.ProcessStepContext c) {
                if (!process.equals(StepBuilder.MAIN)) diagnostics.error(src.pos(c), "process blocks do not nest", null);
                block(c.block(), src.word(c.word()));
                builder.boundary();
                while (i + 1 < list.size() && isAttachment(list.get(i + 1))) {
                    diagnostics.error(src.pos(list.get(++i)), "a process block cannot fail", null);
                }
                continue;
            }
            step(s, new Origin(src.pos(s), process, text(s)));
        }
    }

    private static boolean isAttachment(StepContext s) {
        return s instanceof ScenarioParser.ExpectErrorStepContext || s instanceof ScenarioParser.QmpReturnStepContext
                || s instanceof ScenarioParser.QmpErrorStepContext;
    }

    private static String firstWords(StepContext s) {
        return s.getChild(0).getText() + (s.getChildCount() > 1 ? " " + s.getChild(1).getText() : "");
    }

    private String text(StepContext s) {
        int line = s.getStart().getLine();
        return line <= lines.size() ? lines.get(line - 1).strip() : s.getText();
    }

    private void step(StepContext s, Origin o) {
        switch (s) {
            case ScenarioParser.ExpectErrorStepContext e ->
                    builder.expectError(o, firstWords(s), cls(e.errorClass), matcher(e.matcher()));
            case ScenarioParser.QmpErrorStepContext e ->
                    builder.expectError(o, firstWords(s), cls(e.errorClass), matcher(e.matcher()));
            case ScenarioParser.QmpReturnStepContext r -> builder.expectReturn(o, firstWords(s), json.pattern(r.json()));
            case ScenarioParser.ImageStepContext c -> builder.image(o, word(c.name), word(c.format), word(c.size),
                    c.backing == null ? null : word(c.backing), c.backingFormat == null ? null : word(c.backingFormat),
                    options(c.option()));
            case ScenarioParser.NodeStepContext c -> builder.node(o, word(c.name), word(c.driver), options(c.option()));
            case ScenarioParser.NodeJsonStepContext c -> builder.nodeJson(o, json.object(c.object()));
            case ScenarioParser.ReopenStepContext c -> builder.reopen(o, word(c.name), word(c.driver), options(c.option()));
            case ScenarioParser.DeviceStepContext c -> builder.device(o, word(c.id), word(c.model), options(c.option()));
            case ScenarioParser.DeleteStepContext c -> {
                if (c.kind.getType() == ScenarioParser.NODE) builder.deleteNode(o, word(c.word()));
                else builder.deleteDevice(o, word(c.word()));
            }
            case ScenarioParser.QmpStepContext c ->
                    builder.qmp(o, word(c.command), c.object() != null ? json.object(c.object()) : null);
            case ScenarioParser.IoStepContext c -> {
                StringBuilder cmd = new StringBuilder();
                for (ScenarioParser.IoArgContext a : c.ioArg()) {
                    if (!cmd.isEmpty()) cmd.append(' ');
                    cmd.append(a.STRING() != null ? a.STRING().getText() : src.word(a.word()));
                }
                builder.io(o, word(c.target), cmd.toString());
            }
            case ScenarioParser.ClockStepContext c -> builder.clock(o, word(c.kind));
            case ScenarioParser.ExpectGraphStepContext g -> {
                List<GraphLine> claims = new ArrayList<>();
                for (ScenarioParser.GraphLineContext l : g.graphLine()) claims.add(graphLine(l));
                builder.expectGraph(o, claims, g.EXACTLY() != null);
            }
            case ScenarioParser.ExpectPermsStepContext p -> builder.expectPerms(o, ref(p.edge),
                    p.child == null ? null : ref(p.child), perms(p.required), perms(p.shared));
            case ScenarioParser.ExpectEventStepContext e -> builder.expectEvent(o, word(e.name),
                    e.object() == null ? null : json.pattern(e.object()));
            case ScenarioParser.ExpectDataStepContext d -> {
                ScenarioParser.DataCheckContext c = d.dataCheck();
                DataExpectation check = c.PATTERN() != null ? new DataExpectation.Pattern(word(c.word()))
                        : c.ZEROES() != null ? new DataExpectation.Zeroes() : new DataExpectation.SameAs(word(c.word()));
                builder.expectData(o, word(d.target), d.range() == null ? null : word(d.range().offset),
                        d.range() == null ? null : word(d.range().length), check);
            }
            case ScenarioParser.ExpectLocksStepContext l -> builder.expectLocks(o, word(l.image), perms(l.held),
                    perms(l.unshared));
            case ScenarioParser.ExpectElapsedStepContext e -> builder.expectElapsed(o, word(e.duration));
            case ScenarioParser.JobStepContext c -> builder.startJob(o, word(c.id), word(c.type), options(c.option()));
            case ScenarioParser.JobVerbStepContext c -> builder.onJob(o, word(c.verb),
                    c.api.getType() == ScenarioParser.BLOCK_JOB, word(c.id), options(c.option()));
            case ScenarioParser.RunUntilJobStepContext r -> builder.runUntilJob(o, word(r.id), word(r.state), within(r.within()));
            case ScenarioParser.RunUntilEventStepContext r -> builder.runUntilEvent(o, word(r.name),
                    r.object() == null ? null : json.pattern(r.object()), within(r.within()));
            case ScenarioParser.RunChunksStepContext r -> builder.runChunks(o, word(r.id), word(r.count), within(r.within()));
            case ScenarioParser.RunForStepContext r -> builder.runFor(o, word(r.duration));
            case ScenarioParser.ExpectJobStepContext e -> builder.expectJob(o, word(e.id), word(e.state), options(e.option()));
            case ScenarioParser.ExpectJobEventsStepContext e -> {
                List<JobEventLine> lines = new ArrayList<>();
                for (ScenarioParser.JobEventContext l : e.jobEvent()) {
                    lines.add(new JobEventLine(word(l.name), l.object() == null ? null : json.pattern(l.object())));
                }
                builder.expectJobEvents(o, word(e.id), lines, e.EXACTLY() != null);
            }
            default -> throw new IllegalStateException("unhandled step " + s.getClass().getSimpleName());
        }
    }

    private Word within(ScenarioParser.WithinContext w) {
        return w == null ? null : word(w.duration);
    }

    private static String cls(Token t) {
        return t == null ? null : t.getText();
    }

    private TextMatcher matcher(ScenarioParser.MatcherContext m) {
        return m.MATCHES() != null ? json.regex(m.STRING().getSymbol())
                : new TextMatcher.Exact(src.string(m.STRING().getSymbol()));
    }

    private Word word(ScenarioParser.WordContext w) {
        return words.word(w);
    }

    private List<NodeOption> options(List<ScenarioParser.OptionContext> options) {
        return words.options(options);
    }

    private GraphLine graphLine(ScenarioParser.GraphLineContext l) {
        return switch (l) {
            case ScenarioParser.GraphNodeDriverContext n -> new GraphLine.HasDriver(ref(n.graphRef()), word(n.driver), src.pos(l));
            case ScenarioParser.GraphSameNodeContext s -> new GraphLine.SameNode(ref(s.graphRef(0)), ref(s.graphRef(1)), src.pos(l));
            case ScenarioParser.GraphEdgeContext e -> new GraphLine.Edge(ref(e.graphRef(0)), ref(e.graphRef(1)), src.pos(l));
            default -> throw new IllegalStateException(l.getClass().getName());
        };
    }

    private Word ref(ScenarioParser.GraphRefContext r) {
        return Word.of(src.word(r.word()), src.pos(r));
    }

    private List<Word> perms(ScenarioParser.PermSetContext p) {
        List<Word> out = new ArrayList<>();
        for (ScenarioParser.WordContext w : p.word()) out.add(word(w));
        return out;
    }
}
