package org.blockspec.engine.graph;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.spi.BlockException;

/**
 * Options of a {@code json:} pseudo-filename as QEMU takes them: flattened to dotted keys
 * ({@code file.inject-error.0.event}) and crumpled back into objects and lists
 * (qdict_flatten, then qdict_crumple), so nested and dotted spellings mean the same.
 */
final class FlatOptions {
    private FlatOptions() {
    }

    static ObjectNode normalized(ObjectNode tree) throws BlockException {
        if (tree.isEmpty()) return tree;
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        flatten(tree, "", flat);
        JsonNode crumpled = crumple(flat);
        if (!(crumpled instanceof ObjectNode o)) throw new BlockException("Invalid JSON object given");
        return o;
    }

    /** Empty objects and lists stay values, as in qdict_flatten. */
    private static void flatten(JsonNode node, String key, Map<String, JsonNode> out) {
        if (!(node.isObject() || node.isArray()) || node.isEmpty()) {
            out.put(key, node);
            return;
        }
        String prefix = key.isEmpty() ? "" : key + ".";
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), prefix + e.getKey(), out);
            }
        } else {
            for (int i = 0; i < node.size(); i++) flatten(node.get(i), prefix + i, out);
        }
    }

    /** QEMU's qdict_crumple, with its error texts. */
    private static JsonNode crumple(Map<String, JsonNode> flat) throws BlockException {
        Map<String, Object> twoLevel = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : flat.entrySet()) {
            String[] split = splitKey(e.getKey());
            Object child = twoLevel.get(split[0]);
            if (child != null && (!(child instanceof Map) || split[1] == null)) {
                throw new BlockException("Cannot mix scalar and non-scalar keys");
            }
            if (split[1] != null) {
                @SuppressWarnings("unchecked")
                Map<String, JsonNode> sub = (Map<String, JsonNode>) twoLevel.computeIfAbsent(split[0],
                        k -> new LinkedHashMap<String, JsonNode>());
                sub.put(split[1], e.getValue());
            } else {
                twoLevel.put(split[0], e.getValue());
            }
        }
        Map<String, JsonNode> multi = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : twoLevel.entrySet()) {
            @SuppressWarnings("unchecked")
            JsonNode v = e.getValue() instanceof Map<?, ?> m ? crumple((Map<String, JsonNode>) m) : (JsonNode) e.getValue();
            multi.put(e.getKey(), v);
        }
        Boolean list = null;
        long max = -1;
        for (String k : multi.keySet()) {
            boolean index = isIndex(k);
            if (list == null) list = index;
            if (index != list) throw new BlockException("Cannot mix list and non-list keys");
            if (index) max = Math.max(max, Long.parseLong(k));
        }
        if (list != null && list && max + 1 != multi.size()) {
            throw new BlockException("List indices are not contiguous, saw " + multi.size() + " elements but " + max
                    + " largest index");
        }
        if (list != null && list) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < multi.size(); i++) {
                JsonNode v = multi.get(Integer.toString(i));
                if (v == null) throw new BlockException("Missing list index " + i);
                a.add(v);
            }
            return a;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        multi.forEach(o::set);
        return o;
    }

    private static boolean isIndex(String k) {
        try {
            Long.parseLong(k);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** QEMU's qdict_split_flat_key: up to the first single '.', with ".." standing for a literal dot. */
    private static String[] splitKey(String key) {
        int i = 0;
        while (true) {
            i = key.indexOf('.', i);
            if (i < 0) return new String[] {key.replace("..", "."), null};
            if (i + 1 < key.length() && key.charAt(i + 1) == '.') {
                i += 2;
                continue;
            }
            return new String[] {key.substring(0, i).replace("..", "."), key.substring(i + 1)};
        }
    }
}
