package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.blockspec.grammar.ScenarioParser;

/** {@code with fmt in [raw, qcow2], share in [on, off]}: every combination, in order. */
final class Variants {
    private Variants() {
    }

    static List<Map<String, String>> bindings(ScenarioParser.VariantsContext v, SourceText src, Diagnostics d) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        if (v == null) return out;
        for (ScenarioParser.VariantContext p : v.variant()) {
            String name = src.word(p.word());
            if (out.getFirst().containsKey(name)) {
                d.error(src.pos(p.word()), "parameter '" + name + "' is declared twice", null);
                continue;
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> b : out) {
                for (ScenarioParser.ValueContext value : p.value()) {
                    Map<String, String> nb = new LinkedHashMap<>(b);
                    nb.put(name, src.value(value));
                    next.add(nb);
                }
            }
            out = next;
        }
        return out;
    }

    /** {@code [fmt=raw, share=on]}, as the variant's test name ends. */
    static String describe(Map<String, String> binding) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        binding.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }
}
