package org.blockspec.engine.qmp.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.qmp.QmpError;

/**
 * QEMU's key=value command-line syntax ({@code driver=file,filename=a,,b.img,file.x=1}):
 * commas separate pairs, a doubled comma is a literal one, dots in keys nest objects.
 * Produces a tree whose leaves are all strings, for {@link QapiInput} in keyval mode.
 */
public final class Keyval {
    private Keyval() {
    }

    public static ObjectNode parse(String text) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int eq = text.indexOf('=', i);
            int comma = text.indexOf(',', i);
            if (eq < 0 || (comma >= 0 && comma < eq)) {
                String key = text.substring(i, comma < 0 ? n : comma);
                throw QmpError.generic("Expected '=' after parameter '" + key + "'");
            }
            String key = text.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            while (j < n) {
                char c = text.charAt(j);
                if (c == ',') {
                    if (j + 1 < n && text.charAt(j + 1) == ',') {
                        value.append(',');
                        j += 2;
                        continue;
                    }
                    break;
                }
                value.append(c);
                j++;
            }
            put(root, key, value.toString());
            i = j + 1;
        }
        return root;
    }

    private static void put(ObjectNode root, String key, String value) {
        String[] parts = key.split("\\.", -1);
        ObjectNode cur = root;
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (part.isEmpty()) throw QmpError.generic("Invalid parameter '" + key + "'");
            boolean last = p == parts.length - 1;
            JsonNode existing = cur.get(part);
            if (last) {
                if (existing != null) throw QmpError.generic("Parameter '" + key + "' appears more than once");
                cur.put(part, value);
            } else {
                if (existing == null) {
                    cur = cur.putObject(part);
                } else if (existing instanceof ObjectNode o) {
                    cur = o;
                } else {
                    throw QmpError.generic("Parameters '" + String.join(".", java.util.Arrays.copyOf(parts, p + 1))
                            + ".*' used inconsistently");
                }
            }
        }
    }
}
