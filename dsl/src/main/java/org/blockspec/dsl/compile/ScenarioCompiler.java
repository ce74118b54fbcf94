package org.blockspec.dsl.compile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.ScenarioFile;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.grammar.ScenarioLexer;
import org.blockspec.grammar.ScenarioParser;

/**
 * Turns a {@code .scenario} file into runnable {@link Scenario}s: one per scenario and variant
 * binding, each with the background's steps first. Every error of the file is collected and
 * reported at once; nothing runs if there is any.
 */
public final class ScenarioCompiler {
    private final DriverRegistry drivers;

    public ScenarioCompiler(DriverRegistry drivers) {
        this.drivers = drivers;
    }

    public ScenarioFile compile(Path file) throws IOException, CompileException {
        return compile(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    public ScenarioFile compile(Path file, String text) throws CompileException {
        List<String> lines = text.lines().toList();
        Diagnostics diagnostics = new Diagnostics();
        ScenarioParser.FileContext tree = parse(file, text, diagnostics);
        // After a syntax error, still check the scenarios that parsed cleanly: all errors at once.
        boolean syntaxOk = diagnostics.isEmpty();
        if (!syntaxOk && (tree.background() != null && broken(tree.background()))) {
            throw new CompileException(diagnostics.sorted(), lines);
        }

        String feature = null;
        List<String> fileTags = new ArrayList<>();
        SourceText plain = new SourceText(file, Map.of(), diagnostics);
        if (tree.feature() != null) {
            feature = plain.string(tree.feature().STRING().getSymbol());
            fileTags.addAll(tags(tree.feature().tags()));
        }
        List<Scenario> scenarios = new ArrayList<>();
        Set<String> titles = new HashSet<>();
        for (ScenarioParser.ScenarioContext s : tree.scenario()) {
            if (!syntaxOk && broken(s)) continue;
            String title = SourceText.raw(s.STRING().getSymbol());
            if (!titles.add(title)) {
                diagnostics.error(plain.pos(s.STRING().getSymbol()), "two scenarios are titled \"" + title + "\"",
                        "titles name the tests; make them unique in the file");
            }
            List<String> tags = new ArrayList<>(fileTags);
            tags.addAll(tags(s.tags()));
            for (Map<String, String> binding : Variants.bindings(s.variants(), plain, diagnostics)) {
                SourceText src = new SourceText(file, binding, diagnostics);
                List<ScenarioParser.BlockContext> blocks = new ArrayList<>();
                if (tree.background() != null) blocks.add(tree.background().block());
                blocks.add(s.block());
                StepCompiler stepCompiler = new StepCompiler(drivers, src, diagnostics, lines);
                List<Step> steps = stepCompiler.compile(blocks);
                // A title that mentions its parameters names each variant; others get the binding appended.
                String name = binding.isEmpty() ? title : title.contains("${") ? src.string(s.STRING().getSymbol())
                        : title + " " + Variants.describe(binding);
                scenarios.add(new Scenario(file, title, name, List.copyOf(tags), new LinkedHashMap<>(binding),
                        plain.pos(s), List.copyOf(steps), stepCompiler.realClock()));
            }
        }
        if (!diagnostics.isEmpty()) throw new CompileException(diagnostics.sorted(), lines);
        return new ScenarioFile(file, feature, List.copyOf(fileTags), List.copyOf(scenarios));
    }

    /**
     * Parses in ANTLR's fast SLL mode first; only a file that fails there is parsed again in
     * full LL mode, which also gives the best error messages.
     */
    private static ScenarioParser.FileContext parse(Path file, String text, Diagnostics diagnostics) {
        ScenarioLexer lexer = new ScenarioLexer(CharStreams.fromString(text, file.toString()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        ScenarioParser parser = new ScenarioParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return parser.file();
        } catch (ParseCancellationException slowPathNeeded) {
            SyntaxErrors errors = new SyntaxErrors(file, diagnostics);
            lexer.reset();
            lexer.addErrorListener(errors);
            tokens.setTokenSource(lexer);
            parser.reset();
            parser.addErrorListener(errors);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            return parser.file();
        }
    }

    /** A subtree the parser had to repair: it cannot be compiled meaningfully. */
    private static boolean broken(ParseTree t) {
        if (t instanceof ErrorNode) return true;
        if (t instanceof ParserRuleContext c && c.exception != null) return true;
        for (int i = 0; i < t.getChildCount(); i++) if (broken(t.getChild(i))) return true;
        return false;
    }

    private static List<String> tags(ScenarioParser.TagsContext t) {
        List<String> out = new ArrayList<>();
        if (t != null) t.TAG().forEach(tag -> out.add(tag.getText().substring(1)));
        return out;
    }
}
