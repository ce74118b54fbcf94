package org.blockspec.dsl.cucumber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cucumber.cucumberexpressions.Argument;
import io.cucumber.datatable.DataTable;
import io.cucumber.docstring.DocString;
import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.IdGenerator;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Examples;
import io.cucumber.messages.types.GherkinDocument;
import io.cucumber.messages.types.Location;
import io.cucumber.messages.types.ParseError;
import io.cucumber.messages.types.Pickle;
import io.cucumber.messages.types.PickleStep;
import io.cucumber.messages.types.PickleTableCell;
import io.cucumber.messages.types.PickleTableRow;
import io.cucumber.messages.types.Scenario;
import io.cucumber.messages.types.Step;
import io.cucumber.messages.types.TableCell;
import io.cucumber.messages.types.TableRow;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.compile.Diagnostics;
import org.blockspec.dsl.compile.Origin;
import org.blockspec.dsl.compile.StepBuilder;
import org.blockspec.dsl.model.ScenarioFile;
import org.blockspec.dsl.model.SourcePos;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * Turns a {@code .feature} file into the same model a {@code .scenario} file compiles to:
 * Gherkin's own parser makes the pickles (Background, Scenario Outline rows, Rule, tags,
 * {@code # language:}), each pickle step is matched against the step library as Cucumber
 * matches it, and its step method translates it into the {@link StepBuilder}, which checks
 * it. Every mistake of the file is reported at once, at the feature file's line and column,
 * before anything runs.
 */
public final class FeatureCompiler {
    private final DriverRegistry drivers;
    private final StepLibrary library = StepLibrary.get();

    public FeatureCompiler(DriverRegistry drivers) {
        this.drivers = drivers;
    }

    public CompiledFeature compile(Path file) throws IOException, CompileException {
        return compile(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    public CompiledFeature compile(Path file, String text) throws CompileException {
        return compile(file, text, -1);
    }

    /** Only the scenario, or the example row of an outline, that Cucumber knows at {@code line}. */
    public CompiledScenario compileAt(Path file, String text, int line) throws CompileException {
        CompiledFeature f = compile(file, text, line);
        if (f.scenarios().isEmpty()) {
            throw new CompileException(List.of(new org.blockspec.dsl.compile.Diagnostic(new SourcePos(file, line, 1, 1),
                    "no scenario at this line", "the file changed while it ran?")), text.lines().toList());
        }
        return f.scenarios().getFirst();
    }

    private CompiledFeature compile(Path file, String text, int onlyLine) throws CompileException {
        List<String> lines = text.lines().toList();
        Diagnostics diagnostics = new Diagnostics();
        GherkinDocument document = null;
        List<Pickle> pickles = new ArrayList<>();
        List<Envelope> envelopes = GherkinParser.builder().includeSource(false)
                .idGenerator(new Ids()).build()
                .parse(file.toString(), text.getBytes(StandardCharsets.UTF_8)).toList();
        for (Envelope e : envelopes) {
            e.getParseError().ifPresent(p -> parseError(file, p, diagnostics));
            if (e.getGherkinDocument().isPresent()) document = e.getGherkinDocument().get();
            e.getPickle().ifPresent(pickles::add);
        }
        if (!diagnostics.isEmpty() || document == null) {
            if (diagnostics.isEmpty()) return new CompiledFeature(new ScenarioFile(file, null, List.of(), List.of()), List.of());
            throw new CompileException(diagnostics.sorted(), lines);
        }
        Ast ast = new Ast(document);
        List<CompiledScenario> out = new ArrayList<>();
        Map<Scenario, List<String>> outlineNames = new LinkedHashMap<>();
        for (Pickle p : pickles) {
            Scenario scenario = ast.scenarios.get(p.getAstNodeIds().getFirst());
            TableRow row = p.getAstNodeIds().size() > 1 ? ast.rows.get(p.getAstNodeIds().get(1)) : null;
            int line = Math.toIntExact(row != null ? row.getLocation().getLine() : scenario.getLocation().getLine());
            if (onlyLine > 0 && line != onlyLine) continue;
            out.add(pickle(file, p, scenario, row, ast, diagnostics));
            if (row != null) outlineNames.computeIfAbsent(scenario, k -> new ArrayList<>()).add(p.getName());
        }
        outlineNames.forEach((outline, names) -> uniqueNames(file, outline, names, lines, diagnostics));
        if (!diagnostics.isEmpty()) throw new CompileException(diagnostics.sorted(), lines);
        String feature = document.getFeature().map(f -> f.getName().isBlank() ? null : f.getName()).orElse(null);
        List<String> tags = document.getFeature().map(f -> f.getTags().stream().map(t -> t.getName().substring(1))
                .toList()).orElse(List.of());
        return new CompiledFeature(new ScenarioFile(file, feature, tags,
                out.stream().map(CompiledScenario::scenario).toList()), List.copyOf(out));
    }

    /** Ids need only be unique within one file here; counting is cheaper than random UUIDs. */
    private static final class Ids implements IdGenerator {
        private long next;

        @Override public String newId() {
            return Long.toString(next++);
        }
    }

    /** The Gherkin document's parts by id, which pickles refer to. */
    private static final class Ast {
        final Map<String, Step> steps = new HashMap<>();
        final Map<String, Scenario> scenarios = new HashMap<>();
        final Map<String, TableRow> rows = new HashMap<>();
        final Map<String, TableRow> headers = new HashMap<>();

        Ast(GherkinDocument d) {
            d.getFeature().ifPresent(f -> f.getChildren().forEach(c -> {
                c.getBackground().ifPresent(b -> b.getSteps().forEach(this::step));
                c.getScenario().ifPresent(this::scenario);
                c.getRule().ifPresent(r -> r.getChildren().forEach(rc -> {
                    rc.getBackground().ifPresent(b -> b.getSteps().forEach(this::step));
                    rc.getScenario().ifPresent(this::scenario);
                }));
            }));
        }

        private void step(Step s) {
            steps.put(s.getId(), s);
        }

        private void scenario(Scenario s) {
            scenarios.put(s.getId(), s);
            s.getSteps().forEach(this::step);
            for (Examples e : s.getExamples()) {
                for (TableRow r : e.getTableBody()) {
                    rows.put(r.getId(), r);
                    e.getTableHeader().ifPresent(h -> headers.put(r.getId(), h));
                }
            }
        }
    }

    private CompiledScenario pickle(Path file, Pickle p, Scenario scenario, TableRow row, Ast ast,
                                    Diagnostics diagnostics) {
        StepBuilder builder = new StepBuilder(drivers, diagnostics);
        BlockWorld world = BlockWorld.compiling(builder);
        Map<Class<?>, Object> glue = library.instantiate(world);
        StepLibrary.Matcher matcher = library.matcher();
        Map<String, SourcePos> cellsByName = new LinkedHashMap<>();
        Map<String, String> binding = new LinkedHashMap<>();
        if (row != null) {
            TableRow header = ast.headers.get(row.getId());
            for (int i = 0; i < header.getCells().size() && i < row.getCells().size(); i++) {
                TableCell cell = row.getCells().get(i);
                binding.put(header.getCells().get(i).getValue(), cell.getValue());
                cellsByName.put(header.getCells().get(i).getValue(), pos(file, cell.getLocation(), cell.getValue().length()));
            }
        }
        List<PickleStep> steps = p.getSteps();
        for (int i = 0; i < steps.size(); i++) {
            PickleStep ps = steps.get(i);
            Step step = ast.steps.get(ps.getAstNodeIds().getFirst());
            step(file, i, ps, step, binding, cellsByName, world, matcher, glue, diagnostics);
        }
        List<org.blockspec.dsl.model.Step> built = builder.finish();
        Location at = row != null ? row.getLocation() : scenario.getLocation();
        SourcePos pos = pos(file, at, 1);
        List<String> tags = p.getTags().stream().map(t -> t.getName().substring(1)).toList();
        var model = new org.blockspec.dsl.model.Scenario(file, scenario.getName(), p.getName(), tags, binding, pos,
                built, builder.realClock());
        return new CompiledScenario(model, builder.placements());
    }

    private void step(Path file, int index, PickleStep ps, Step step, Map<String, String> binding,
                      Map<String, SourcePos> cells, BlockWorld world, StepLibrary.Matcher matcher,
                      Map<Class<?>, Object> glue, Diagnostics diagnostics) {
        String keyword = step.getKeyword();
        int textColumn = Math.toIntExact(step.getLocation().getColumn().orElse(1L)) + keyword.length();
        int line = Math.toIntExact(step.getLocation().getLine());
        SourcePos stepPos = pos(file, step.getLocation(), keyword.length() + step.getText().length());
        SourcePos textPos = new SourcePos(file, line, textColumn, Math.max(1, step.getText().length()));
        TextPositions positions = new TextPositions(file, line, textColumn, step.getText(), binding, cells, ps.getText());
        List<List<SourcePos>> tableCells = step.getDataTable().map(t -> t.getRows().stream()
                .map(r -> r.getCells().stream().map(c -> pos(file, c.getLocation(), c.getValue().length())).toList())
                .toList()).orElse(null);
        SourcePos docPos = step.getDocString().map(d -> new SourcePos(file, Math.toIntExact(d.getLocation().getLine()) + 1,
                Math.toIntExact(d.getLocation().getColumn().orElse(1L)), 1)).orElse(null);
        Origin origin = new Origin(stepPos, world.process(), keyword.strip() + " " + ps.getText());
        world.compilingStep(new BlockWorld.StepContext(origin, index, tableCells, docPos));

        List<StepLibrary.Match> matches = matcher.match(ps.getText());
        if (matches.isEmpty()) {
            List<StepLibrary.Definition> close = library.closest(ps.getText(), 2);
            diagnostics.error(textPos, "unknown step \"" + ps.getText() + "\"", close.isEmpty()
                    ? "'blockspec steps' lists every step" : "did you mean \"" + close.getFirst().expression() + "\""
                    + (close.size() > 1 ? " or \"" + close.get(1).expression() + "\"" : "") + "?");
            return;
        }
        if (matches.size() > 1) {
            diagnostics.error(textPos, "this step reads two ways: \"" + matches.get(0).definition().expression()
                    + "\" and \"" + matches.get(1).definition().expression() + "\"", "the step library must not be "
                    + "ambiguous; please report this");
            return;
        }
        StepLibrary.Match m = matches.getFirst();
        boolean hasTable = ps.getArgument().flatMap(a -> a.getDataTable()).isPresent();
        boolean hasDoc = ps.getArgument().flatMap(a -> a.getDocString()).isPresent();
        StepLibrary.Extra extra = m.definition().extra();
        if (extra == StepLibrary.Extra.TABLE && !hasTable) {
            diagnostics.error(textPos, "this step needs a table below it", "a DataTable: | column | column | rows, the first naming the columns");
            return;
        }
        if (extra == StepLibrary.Extra.DOC_STRING && !hasDoc) {
            diagnostics.error(textPos, "this step needs a DocString below it", "text between two lines of \"\"\"");
            return;
        }
        if (extra != StepLibrary.Extra.TABLE && hasTable || extra != StepLibrary.Extra.DOC_STRING && hasDoc) {
            diagnostics.error(textPos, "this step takes no " + (hasTable ? "table" : "DocString"),
                    "remove it, or end the step with ':' if another step was meant");
            return;
        }
        List<Object> args = new ArrayList<>();
        try {
            for (Argument<?> a : m.arguments()) {
                world.compilingArgument(positions.at(a.getGroup().getStart(), a.getGroup().getValue()));
                args.add(library.convert(a, glue));
            }
            world.compilingArgument(null);
            if (hasTable) args.add(DataTable.create(cells(ps.getArgument().get().getDataTable().get().getRows())));
            if (hasDoc) {
                var d = ps.getArgument().get().getDocString().get();
                args.add(DocString.create(d.getContent(), d.getMediaType().orElse(null)));
            }
            StepLibrary.run(m.definition(), glue, args.toArray());
        } catch (RuntimeException e) {
            // A fault of the step library, not of the feature: say so, without a stack trace.
            diagnostics.error(textPos, "internal error in step \"" + m.definition().expression() + "\": " + e, null);
        }
    }

    private static List<List<String>> cells(List<PickleTableRow> rows) {
        List<List<String>> out = new ArrayList<>();
        for (PickleTableRow r : rows) out.add(r.getCells().stream().map(PickleTableCell::getValue).toList());
        return out;
    }

    /**
     * Where a piece of a pickle step's text is written: in the step's line, or, for a value an
     * outline put in for {@code <name>}, in the Examples cell it came from.
     */
    private record TextPositions(Path file, int line, int column, String written, Map<String, String> binding,
                                 Map<String, SourcePos> cells, String text) {
        SourcePos at(int start, String value) {
            int length = Math.max(1, value == null ? 1 : value.length());
            if (text.equals(written)) return new SourcePos(file, line, column + start, length);
            // Rebuild the text from what is written, remembering where each piece comes from.
            StringBuilder rebuilt = new StringBuilder();
            int i = 0;
            while (i < written.length()) {
                int open = written.indexOf('<', i);
                int close = open < 0 ? -1 : written.indexOf('>', open);
                String name = close < 0 ? null : written.substring(open + 1, close);
                boolean placeholder = name != null && binding.containsKey(name);
                int end = placeholder ? open : open < 0 ? written.length() : open + 1;
                if (end > i) {
                    if (start >= rebuilt.length() && start < rebuilt.length() + (end - i)) {
                        return new SourcePos(file, line, column + i + (start - rebuilt.length()), length);
                    }
                    rebuilt.append(written, i, end);
                    i = end;
                    continue;
                }
                String v = binding.get(name);
                if (start >= rebuilt.length() && start < rebuilt.length() + v.length()) {
                    SourcePos cell = cells.get(name);
                    return new SourcePos(file, cell.line(), cell.column() + (start - rebuilt.length()), length);
                }
                rebuilt.append(v);
                i = close + 1;
            }
            return new SourcePos(file, line, column, length);
        }
    }

    /** Outline rows are named after their values: two rows of one outline must not share a name. */
    private static void uniqueNames(Path file, Scenario outline, List<String> names, List<String> lines,
                                    Diagnostics diagnostics) {
        if (names.stream().distinct().count() == names.size()) return;
        int line = Math.toIntExact(outline.getLocation().getLine());
        int col = line <= lines.size() ? lines.get(line - 1).indexOf(outline.getName()) + 1 : 1;
        diagnostics.error(new SourcePos(file, line, Math.max(1, col), Math.max(1, outline.getName().length())),
                "the examples of this outline get the same name", "mention the columns that vary in the title, "
                        + "e.g. <fmt>: each example is named (and reported) after its values");
    }

    /** Gherkin's syntax errors, worded for people. */
    private static void parseError(Path file, ParseError e, Diagnostics diagnostics) {
        Location l = e.getSource().getLocation().orElse(new Location(1L, 1L));
        String message = e.getMessage().replaceFirst("^\\(\\d+:\\d+\\): ", "");
        String hint = null;
        if (message.startsWith("expected:")) {
            int got = message.lastIndexOf(", got ");
            String found = got < 0 ? "" : message.substring(got + 6);
            message = "unexpected " + (found.isEmpty() ? "text" : found);
            hint = "a line here is a step (Given, When, Then, And, But, *), a table row, a DocString, a tag, "
                    + "a comment, or starts a Scenario, Scenario Outline, Examples, Background or Rule";
        } else if (message.startsWith("inconsistent cell count")) {
            hint = "every row of a table has as many cells as the first";
        }
        diagnostics.error(pos(file, l, 1), message, hint);
    }

    private static SourcePos pos(Path file, Location l, int length) {
        return new SourcePos(file, Math.toIntExact(l.getLine()), Math.toIntExact(l.getColumn().orElse(1L)), Math.max(1, length));
    }
}
