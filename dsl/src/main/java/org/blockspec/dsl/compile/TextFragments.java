package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

import org.blockspec.dsl.model.JsonPattern;
import org.blockspec.dsl.model.TextMatcher;
import org.blockspec.grammar.ScenarioLexer;
import org.blockspec.grammar.ScenarioParser;

/**
 * Pieces of the scenario language written inside another surface syntax (a Gherkin step's
 * options, a DocString of JSON), parsed by the same grammar so they mean the same, with
 * mistakes reported where the piece sits in its file.
 */
public final class TextFragments {
    private final Diagnostics diagnostics;

    public TextFragments(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** {@code file=proto read-only=on cache.direct=on} or {@code file={ file filename=x }}. */
    public List<NodeOption> options(Word text) {
        return parse(text, (p, src) -> {
            List<NodeOption> out = new ArrayList<>();
            TreeWords words = new TreeWords(src);
            while (p.getTokenStream().LA(1) != Token.EOF) {
                int before = p.getTokenStream().index();
                out.addAll(words.options(List.of(p.option())));
                if (p.getTokenStream().index() == before) break;
            }
            return out;
        }, List.of());
    }

    /** A JSON object as QMP arguments ({@code $DIR} names the scenario's directory). */
    public ObjectNode jsonObject(Word text) {
        JsonNode n = parse(text, (p, src) -> {
            ScenarioParser.JsonContext j = p.json();
            if (j.object() == null && j.exception == null) {
                diagnostics.error(src.pos(j), "expected a JSON object { ... }", null);
                return null;
            }
            return j.object() == null ? null : new JsonCompiler(src, diagnostics).object(j.object());
        }, null);
        return n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }

    /** JSON with holes ({@code any}, {@code any number}, {@code any string}, {@code matches "re"}). */
    public JsonPattern jsonPattern(Word text) {
        return parse(text, (p, src) -> new JsonCompiler(src, diagnostics).pattern(p.json()), new JsonPattern.Any());
    }

    /** A regular expression that must match a whole text. */
    public TextMatcher regex(Word text) {
        try {
            return new TextMatcher.Regex(java.util.regex.Pattern.compile(text.text()));
        } catch (java.util.regex.PatternSyntaxException e) {
            diagnostics.error(text.pos(), "bad regular expression: " + e.getDescription(), null);
            return new TextMatcher.Exact(text.text());
        }
    }

    private interface Rule<T> {
        T parse(ScenarioParser parser, SourceText src);
    }

    private <T> T parse(Word text, Rule<T> rule, T onError) {
        int lineOffset = text.pos().line() - 1;
        int columnOffset = text.pos().column() - 1;
        int before = diagnostics.size();
        SyntaxErrors errors = new SyntaxErrors(text.pos().file(), diagnostics, lineOffset, columnOffset);
        ScenarioLexer lexer = new ScenarioLexer(CharStreams.fromString(text.text()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        ScenarioParser parser = new ScenarioParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        SourceText src = new SourceText(text.pos().file(), java.util.Map.of(), diagnostics, lineOffset, columnOffset);
        T out = rule.parse(parser, src);
        skipNewlines(tokens);
        if (diagnostics.size() == before && tokens.LA(1) != Token.EOF) {
            Token t = tokens.LT(1);
            diagnostics.error(src.pos(t), "unexpected '" + t.getText() + "'", "nothing may follow here");
        }
        return diagnostics.size() == before ? out : onError;
    }

    private static void skipNewlines(CommonTokenStream tokens) {
        while (tokens.LA(1) == ScenarioLexer.NL) tokens.consume();
    }

}
