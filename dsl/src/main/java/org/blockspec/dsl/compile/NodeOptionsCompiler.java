package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.SourcePos;
import org.blockspec.engine.graph.BlockdevOptions;
import org.blockspec.engine.graph.ChildSpec;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.schema.BlockdevOptionsJson;
import org.blockspec.engine.qmp.schema.BlockdevOptionsParser;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.OptionField;

/**
 * Compiles the compact node form ({@code node disk0 raw file={file filename=disk.img}}) into
 * blockdev-add arguments with QMP's types, validating it with the engine's own option parser
 * so mistakes are reported before anything runs, at the offending word.
 */
final class NodeOptionsCompiler {
    private static final Pattern PARAM = Pattern.compile("'([^']*)'");
    private static final List<String> COMMON = List.of("driver", "node-name", "discard", "cache", "read-only",
            "auto-read-only", "force-share", "detect-zeroes");

    private final DriverRegistry drivers;
    private final Diagnostics diagnostics;

    /** The arguments, and the node names the command creates when it succeeds. */
    record Result(ObjectNode arguments, List<String> nodes, List<ChildRef> references) {
    }

    /** A child option naming an existing node, with where it was written. */
    record ChildRef(String name, SourcePos pos) {
    }

    NodeOptionsCompiler(DriverRegistry drivers, Diagnostics diagnostics) {
        this.drivers = drivers;
        this.diagnostics = diagnostics;
    }

    /**
     * @param expectFailure the step is meant to fail: build the command as written, check nothing
     */
    Result compile(String name, Word driverWord, List<NodeOption> options, boolean expectFailure) {
        Map<String, SourcePos> keys = new HashMap<>();
        Map<String, SourcePos> values = new HashMap<>();
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("driver", driverWord.text());
        values.put("driver", driverWord.pos());
        tree.put("node-name", name);
        fill(tree, "", options, keys, values);
        if (expectFailure) {
            // Typed by the driver's schema where the options parse, so only the intended fault remains.
            try {
                return new Result(BlockdevOptionsJson.of(new BlockdevOptionsParser(drivers).parse(tree, true)),
                        List.of(), List.of());
            } catch (QmpError | IllegalArgumentException e) {
                return new Result(bestEffort(tree), List.of(), List.of());
            }
        }
        // Still define the name when the options are wrong, so one mistake is reported once.
        Result invalid = new Result(bestEffort(tree), List.of(name), List.of());
        if (unknownOptions(tree, "", keys, driverWord.pos())) return invalid;
        BlockdevOptions parsed;
        try {
            parsed = new BlockdevOptionsParser(drivers).parse(tree, true);
        } catch (QmpError e) {
            report(e.desc(), tree, keys, values, driverWord.pos());
            return invalid;
        }
        List<String> nodes = new ArrayList<>();
        List<ChildRef> refs = new ArrayList<>();
        walk(parsed, "", nodes, refs, values);
        return new Result(BlockdevOptionsJson.of(parsed), nodes, refs);
    }

    private void fill(ObjectNode tree, String prefix, List<NodeOption> options,
                      Map<String, SourcePos> keys, Map<String, SourcePos> values) {
        for (NodeOption o : options) {
            String key = o.key().text();
            String path = prefix + key;
            keys.put(path, o.key().pos());
            ObjectNode parent = tree;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode n = parent.get(parts[i]);
                parent = n instanceof ObjectNode on ? on : parent.putObject(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            if (parent.has(leaf)) {
                diagnostics.error(o.key().pos(), "option '" + path + "' given twice", null);
                continue;
            }
            switch (o) {
                case NodeOption.Nested n -> {
                    ObjectNode child = parent.putObject(leaf);
                    child.put("driver", n.driver().text());
                    values.put(path + ".driver", n.driver().pos());
                    fill(child, path + ".", n.options(), keys, values);
                }
                case NodeOption.Value v -> {
                    String text = v.value().text();
                    if (!v.value().quoted()) text = Sizes.normalize(text);
                    if (leaf.equals("filename") && !text.startsWith("/") && !text.contains(":")) text = "$DIR/" + text;
                    parent.put(leaf, text);
                    values.put(path, v.value().pos());
                }
            }
        }
    }

    /**
     * Options no driver at that level knows, reported before QEMU's own checks, which would
     * first complain about a required option the typo was meant to be.
     */
    private boolean unknownOptions(JsonNode level, String prefix, Map<String, SourcePos> keys, SourcePos fallback) {
        BlockDriverFactory f = drivers.get(level.path("driver").asText());
        if (f == null) return false;
        Set<String> known = optionNames(f.name());
        boolean found = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = level.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!known.contains(e.getKey())) {
                SourcePos at = keys.get(prefix + e.getKey());
                diagnostics.error(at != null ? at : fallback, "unknown option '"
                        + e.getKey() + "' for driver '" + f.name() + "'", DidYouMean.hint(e.getKey(), known));
                found = true;
            } else if (e.getValue().isObject() && !e.getKey().equals("cache")) {
                found |= unknownOptions(e.getValue(), prefix + e.getKey() + ".", keys, fallback);
            }
        }
        return found;
    }

    /** Node names created and node names referenced, walking nested definitions. */
    private void walk(BlockdevOptions o, String prefix, List<String> nodes, List<ChildRef> refs,
                      Map<String, SourcePos> values) {
        if (o.nodeName() != null) nodes.add(o.nodeName());
        o.children().forEach((option, spec) -> child(spec, prefix + option, nodes, refs, values));
        o.childLists().forEach((option, specs) -> {
            for (int i = 0; i < specs.size(); i++) child(specs.get(i), prefix + option + "." + i, nodes, refs, values);
        });
    }

    private void child(ChildSpec spec, String path, List<String> nodes, List<ChildRef> refs,
                       Map<String, SourcePos> values) {
        switch (spec) {
            case ChildSpec.Reference r -> refs.add(new ChildRef(r.name(), values.get(path)));
            case ChildSpec.Inline i -> walk(i.options(), path + ".", nodes, refs, values);
            case ChildSpec.None none -> { }
        }
    }

    /** Turns the engine's QAPI message into a positioned error with a suggestion. */
    private void report(String desc, ObjectNode tree, Map<String, SourcePos> keys, Map<String, SourcePos> values,
                        SourcePos fallback) {
        Matcher m = PARAM.matcher(desc);
        String param = m.find() ? m.group(1) : null;
        if (desc.startsWith("Parameter 'driver' does not accept value")) {
            String wrong = desc.substring(desc.lastIndexOf(" '") + 2, desc.length() - 1);
            SourcePos at = findValue(tree, "", "driver", wrong, values);
            Set<String> known = new TreeSet<>();
            drivers.all().forEach(f -> known.add(f.name()));
            diagnostics.error(at != null ? at : fallback, "unknown driver '" + wrong + "'",
                    hintOr(DidYouMean.hint(wrong, known), "known drivers: " + String.join(", ", known)));
            return;
        }
        if (desc.endsWith("is unexpected") && param != null) {
            String leaf = param.substring(param.lastIndexOf('.') + 1);
            String level = param.contains(".") ? param.substring(0, param.lastIndexOf('.')) : "";
            diagnostics.error(keys.getOrDefault(param, fallback), "unknown option '" + leaf + "' for driver '"
                    + driverAt(tree, level) + "'", DidYouMean.hint(leaf, optionNames(driverAt(tree, level))));
            return;
        }
        SourcePos at = null;
        if (param != null) {
            at = values.get(param);
            if (at == null) at = keys.get(param);
            if (at == null) at = byLeaf(values, param);
        }
        diagnostics.error(at != null ? at : fallback, desc, null);
    }

    private static String hintOr(String hint, String otherwise) {
        return hint != null ? hint : otherwise;
    }

    private static SourcePos byLeaf(Map<String, SourcePos> positions, String leaf) {
        for (Map.Entry<String, SourcePos> e : positions.entrySet()) {
            if (e.getKey().equals(leaf) || e.getKey().endsWith("." + leaf)) return e.getValue();
        }
        return null;
    }

    private static SourcePos findValue(JsonNode tree, String prefix, String key, String value,
                                       Map<String, SourcePos> values) {
        if (value.equals(tree.path(key).asText(null))) return values.get(prefix + key);
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().isObject()) {
                SourcePos p = findValue(e.getValue(), prefix + e.getKey() + ".", key, value, values);
                if (p != null) return p;
            }
        }
        return null;
    }

    private static String driverAt(JsonNode tree, String dotted) {
        JsonNode n = tree;
        if (!dotted.isEmpty()) for (String p : dotted.split("\\.")) n = n.path(p);
        return n.path("driver").asText("?");
    }

    private Set<String> optionNames(String driver) {
        Set<String> names = new TreeSet<>(COMMON);
        BlockDriverFactory f = drivers.get(driver);
        if (f != null) for (OptionField o : f.options()) names.add(o.name());
        return names;
    }

    /**
     * Without a schema to go by: on/off and true/false become booleans, numbers and sizes
     * numbers, and {@code key.0=..., key.1=...} an array.
     */
    static ObjectNode bestEffort(ObjectNode tree) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("0")) {
                var array = out.putArray(e.getKey());
                for (int i = 0; v.has(Integer.toString(i)); i++) {
                    ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
                    wrapper.set("v", v.get(Integer.toString(i)));
                    array.add(bestEffort(wrapper).get("v"));
                }
                continue;
            }
            if (v.isObject()) {
                out.set(e.getKey(), bestEffort((ObjectNode) v));
                continue;
            }
            String s = v.asText();
            switch (s) {
                case "on", "true" -> out.put(e.getKey(), true);
                case "off", "false" -> out.put(e.getKey(), false);
                case "null" -> out.putNull(e.getKey());
                default -> {
                    Long n = Sizes.parseOrNull(s);
                    if (n != null) out.put(e.getKey(), n);
                    else out.put(e.getKey(), s);
                }
            }
        }
        return out;
    }
}
