package org.blockspec.dsl.transcript;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.blockspec.engine.qmp.QmpJson;

/**
 * Makes two QMP messages comparable across runs and processes: the working directory becomes
 * {@code $DIR}, generated node names {@code #AUTO}, timestamps and the package string
 * {@code *}, numbers are compared by value, and permission lists are sorted (they are sets).
 */
public final class QmpNormalizer {
    private QmpNormalizer() {
    }

    public static JsonNode normalize(JsonNode n, String dir) {
        if (n.isTextual()) {
            String s = n.textValue();
            if (dir != null) s = s.replace(dir, "$DIR");
            return TextNode.valueOf(s.replaceAll("#block\\d+", "#AUTO"));
        }
        if (n.isArray()) {
            ArrayNode out = QmpJson.MAPPER.createArrayNode();
            for (JsonNode e : n) out.add(normalize(e, dir));
            return out;
        }
        // Numbers compare by value: a parsed 0 and an engine-built 0L are the same reply.
        if (n.isIntegralNumber()) return LongNode.valueOf(n.longValue());
        if (!n.isObject()) return n;
        ObjectNode out = QmpJson.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "timestamp", "package" -> out.put(e.getKey(), "*");
                case "perm", "shared-perm" -> {
                    TreeMap<String, JsonNode> sorted = new TreeMap<>();
                    e.getValue().forEach(p -> sorted.put(p.asText(), p));
                    ArrayNode a = out.putArray(e.getKey());
                    sorted.values().forEach(a::add);
                }
                default -> out.set(e.getKey(), normalize(e.getValue(), dir));
            }
        }
        return out;
    }
}
