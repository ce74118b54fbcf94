package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.JsonPattern;
import org.blockspec.dsl.model.TextMatcher;
import org.blockspec.grammar.ScenarioParser;

/**
 * JSON written in a scenario: plain values for commands, values with holes ({@code any},
 * {@code any number}, {@code any string}, {@code matches "re"}) for expectations.
 */
final class JsonCompiler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SourceText src;
    private final Diagnostics diagnostics;

    JsonCompiler(SourceText src, Diagnostics diagnostics) {
        this.src = src;
        this.diagnostics = diagnostics;
    }

    ObjectNode object(ScenarioParser.ObjectContext o) {
        ObjectNode out = JSON.objectNode();
        for (ScenarioParser.PairContext p : o.pair()) out.set(src.string(p.STRING().getSymbol()), value(p.json()));
        return out;
    }

    JsonNode value(ScenarioParser.JsonContext j) {
        if (j.object() != null) return object(j.object());
        if (j.array() != null) {
            ArrayNode a = JSON.arrayNode();
            for (ScenarioParser.JsonContext e : j.array().json()) a.add(value(e));
            return a;
        }
        if (j.STRING() != null) return JSON.textNode(src.string(j.STRING().getSymbol()));
        if (j.fuzzy() != null) {
            diagnostics.error(src.pos(j), "'" + j.getText() + "' can only be used in expectations", null);
            return JSON.nullNode();
        }
        return scalar(j.word());
    }

    JsonPattern pattern(ScenarioParser.JsonContext j) {
        if (j.object() != null) return pattern(j.object());
        if (j.array() != null) {
            List<JsonPattern> elements = new ArrayList<>();
            for (ScenarioParser.JsonContext e : j.array().json()) elements.add(pattern(e));
            return new JsonPattern.Arr(elements);
        }
        if (j.fuzzy() != null) return fuzzy(j.fuzzy());
        // A lone 'any' reads as a word to the parser (keywords are words too).
        if (j.word() != null && j.word().ANY() != null) return new JsonPattern.Any();
        return new JsonPattern.Literal(value(j));
    }

    JsonPattern pattern(ScenarioParser.ObjectContext o) {
        Map<String, JsonPattern> members = new LinkedHashMap<>();
        for (ScenarioParser.PairContext p : o.pair()) members.put(src.string(p.STRING().getSymbol()), pattern(p.json()));
        return new JsonPattern.Obj(members);
    }

    private JsonPattern fuzzy(ScenarioParser.FuzzyContext f) {
        if (f.MATCHES() != null) {
            TextMatcher.Regex r = regex(f.STRING().getSymbol());
            return r == null ? new JsonPattern.Any() : new JsonPattern.Matches(r);
        }
        if (f.NUMBER() != null) return new JsonPattern.AnyNumber();
        if (f.STRING_KW() != null) return new JsonPattern.AnyString();
        return new JsonPattern.Any();
    }

    /** A quoted regular expression; reports a malformed one at its position. */
    TextMatcher.Regex regex(org.antlr.v4.runtime.Token t) {
        try {
            return new TextMatcher.Regex(Pattern.compile(src.string(t)));
        } catch (PatternSyntaxException e) {
            diagnostics.error(src.pos(t), "bad regular expression: " + e.getDescription(), null);
            return null;
        }
    }

    private JsonNode scalar(ScenarioParser.WordContext w) {
        String s = src.word(w);
        switch (s) {
            case "true": return JSON.booleanNode(true);
            case "false": return JSON.booleanNode(false);
            case "null": return JSON.nullNode();
            default:
        }
        try {
            return JSON.numberNode(Long.parseLong(s));
        } catch (NumberFormatException notLong) {
            try {
                return JSON.numberNode(Double.parseDouble(s));
            } catch (NumberFormatException notNumber) {
                diagnostics.error(src.pos(w), "'" + s + "' is not JSON", "quote strings: \"" + s + "\"");
                return JSON.textNode(s);
            }
        }
    }
}
