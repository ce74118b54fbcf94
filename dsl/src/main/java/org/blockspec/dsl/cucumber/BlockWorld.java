package org.blockspec.dsl.cucumber;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.cucumber.datatable.DataTable;
import io.cucumber.docstring.DocString;
import io.cucumber.java.Scenario;

import org.picocontainer.Disposable;

import org.blockspec.dsl.compile.Origin;
import org.blockspec.dsl.compile.StepBuilder;
import org.blockspec.dsl.compile.TextFragments;
import org.blockspec.dsl.compile.Word;
import org.blockspec.dsl.model.SourcePos;

/**
 * One scenario's world, shared by the glue classes of that scenario only (picocontainer makes
 * a new one for every scenario; nothing mutable is static, so parallel runs are safe).
 *
 * <p>A step method only translates: it hands {@link #build} what its Gherkin step says, in
 * terms of the {@link StepBuilder}. The world does the rest in one of two modes:
 * <ul>
 *   <li><b>compiling</b> ({@link FeatureCompiler}): the translation runs against a builder, with
 *       every word's position in the feature file, so mistakes are found before anything runs;</li>
 *   <li><b>running</b> (under Cucumber): the scenario was compiled by the {@code Before} hook;
 *       each step runs the model steps compiled from it through the executor.</li>
 * </ul>
 */
public final class BlockWorld implements Disposable {
    private StepContext step;            // compiling: the Gherkin step being translated
    private StepBuilder builder;
    private TextFragments fragments;
    private String process = StepBuilder.MAIN;
    private SourcePos argument;          // compiling: where the argument being converted is written
    private PickleRun run;             // running

    /** Where the Gherkin step being compiled is written, and where its pieces are. */
    record StepContext(Origin origin, int index, List<List<SourcePos>> cells, SourcePos docString) {
    }

    /** A world for compiling one scenario. */
    static BlockWorld compiling(StepBuilder builder) {
        BlockWorld w = new BlockWorld();
        w.builder = builder;
        w.fragments = new TextFragments(builder.diagnostics());
        return w;
    }

    // ---- what step methods use ------------------------------------------------------------

    /**
     * Translates the current Gherkin step into model steps; running, executes what the step
     * compiled to instead. Every step method calls this exactly once, which is how the world
     * knows which Gherkin step is running (no per-step hook, which would double Cucumber's
     * bookkeeping for every step).
     */
    public void build(Consumer<Translation> translation) {
        if (run != null) {
            run.nextStep();
            run.step();
            return;
        }
        builder.mark(step.index());
        translation.accept(new Translation(builder, fragments, step.origin(), this));
    }

    /** What a step method translates with: the builder, the step's origin, helpers for its pieces. */
    public record Translation(StepBuilder steps, TextFragments fragments, Origin origin, BlockWorld world) {
        /** The process later steps run in. */
        public void switchTo(String process) {
            steps.boundary();
            world.process = process;
        }
    }

    /** The argument now being converted by a parameter type, with its position (compiling). */
    Word argument(String text) {
        return Word.of(text, argument != null ? argument : step != null ? step.origin().pos() : null);
    }

    /** A part of a word, {@code offset} characters in. */
    Word within(Word whole, int offset, String text) {
        SourcePos p = whole.pos();
        return Word.of(text, p == null ? null : new SourcePos(p.file(), p.line(), p.column() + offset, text.length()));
    }

    /** The step's DataTable as words with their cells' positions. */
    public List<List<Word>> table(DataTable table) {
        List<List<Word>> out = new ArrayList<>();
        List<List<String>> rows = table.cells();
        for (int r = 0; r < rows.size(); r++) {
            List<Word> row = new ArrayList<>();
            for (int c = 0; c < rows.get(r).size(); c++) {
                String v = rows.get(r).get(c);
                row.add(new Word(v == null ? "" : v, cellPos(r, c, v), false));
            }
            out.add(row);
        }
        return out;
    }

    private SourcePos cellPos(int row, int col, String v) {
        if (step == null || step.cells() == null || row >= step.cells().size() || col >= step.cells().get(row).size()) {
            return step == null ? null : step.origin().pos();
        }
        SourcePos p = step.cells().get(row).get(col);
        return new SourcePos(p.file(), p.line(), p.column(), Math.max(1, v == null ? 1 : v.length()));
    }

    /** The step's DocString, positioned at its first line of content. */
    public Word docString(DocString doc) {
        SourcePos p = step == null ? null : step.docString() != null ? step.docString() : step.origin().pos();
        return new Word(doc.getContent(), p, true);
    }

    // ---- compiling --------------------------------------------------------------------------

    void compilingStep(StepContext context) {
        this.step = context;
        this.argument = null;
    }

    void compilingArgument(SourcePos pos) {
        this.argument = pos;
    }

    String process() { return process; }

    // ---- running ----------------------------------------------------------------------------

    /** Compiles the scenario Cucumber is about to run; a mistake fails it before any step runs. */
    void begin(Scenario scenario) {
        run = PickleRun.start(scenario);
    }

    /** After the scenario: picocontainer disposes of the world (no extra hook step for Cucumber to run). */
    @Override
    public void dispose() {
        if (run != null) run.close();
        run = null;
    }
}
