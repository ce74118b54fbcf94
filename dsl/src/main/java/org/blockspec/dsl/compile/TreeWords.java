package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.List;

import org.blockspec.grammar.ScenarioParser;

/** Parse-tree pieces as positioned {@link Word}s and {@link NodeOption}s, variant parameters substituted. */
final class TreeWords {
    private final SourceText src;

    TreeWords(SourceText src) {
        this.src = src;
    }

    Word word(ScenarioParser.WordContext w) {
        return Word.of(src.word(w), src.pos(w));
    }

    List<NodeOption> options(List<ScenarioParser.OptionContext> options) {
        List<NodeOption> out = new ArrayList<>();
        for (ScenarioParser.OptionContext o : options) {
            ScenarioParser.NestedContext n = o.optionValue().nested();
            if (n != null) {
                out.add(new NodeOption.Nested(word(o.key), word(n.driver), options(n.option()), src.pos(o.optionValue())));
            } else {
                ScenarioParser.ValueContext v = o.optionValue().value();
                out.add(new NodeOption.Value(word(o.key), new Word(src.value(v), src.pos(o.optionValue()),
                        v.STRING() != null)));
            }
        }
        return out;
    }
}
