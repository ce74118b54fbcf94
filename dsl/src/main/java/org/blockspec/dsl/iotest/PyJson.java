package org.blockspec.dsl.iotest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON as Python's {@code json.dumps(sort_keys=True)} prints it (what iotests' log() writes
 * into a test's .out), and JSON values as Python literals for the test script.
 */
final class PyJson {
    private PyJson() {
    }

    static String dumps(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        dump(n, sb, true);
        return sb.toString();
    }

    /** execute first, then the sorted arguments: qmp_log's OrderedDict. */
    static String command(String execute, JsonNode args) {
        StringBuilder sb = new StringBuilder("{\"execute\": ");
        string(execute, sb);
        sb.append(", \"arguments\": ");
        if (args == null || args.isEmpty()) sb.append("{}");
        else dump(args, sb, true);
        return sb.append('}').toString();
    }

    private static void dump(JsonNode n, StringBuilder sb, boolean sort) {
        if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> es = new ArrayList<>(n.properties());
            if (sort) es.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < es.size(); i++) {
                if (i > 0) sb.append(", ");
                string(es.get(i).getKey(), sb);
                sb.append(": ");
                dump(es.get(i).getValue(), sb, sort);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(", ");
                dump(n.get(i), sb, sort);
            }
            sb.append(']');
        } else if (n.isTextual()) {
            string(n.textValue(), sb);
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue() ? "true" : "false");
        } else if (n.isNull()) {
            sb.append("null");
        } else {
            sb.append(n.asText());
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /** A Python literal; strings naming the scenario's images become their paths in the test directory. */
    static String literal(JsonNode n, java.util.Set<String> images) {
        if (n.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append(pyString(e.getKey())).append(": ").append(literal(e.getValue(), images));
            }
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(e -> items.add(literal(e, images)));
            return "[" + String.join(", ", items) + "]";
        }
        if (n.isTextual()) {
            String s = n.textValue();
            if (images.contains(s)) return "img[" + pyString(s) + "]";
            if (s.startsWith("$DIR/") && images.contains(s.substring(5))) return "img[" + pyString(s.substring(5)) + "]";
            return pyString(s);
        }
        if (n.isBoolean()) return n.booleanValue() ? "True" : "False";
        if (n.isNull()) return "None";
        return n.asText();
    }

    static String pyString(String s) {
        StringBuilder sb = new StringBuilder();
        string(s, sb);
        return sb.toString();
    }
}
