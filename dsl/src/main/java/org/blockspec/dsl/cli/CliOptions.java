package org.blockspec.dsl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.schema.Keyval;

/** Command-line option values that, like QEMU's, are either JSON or key=value text. */
final class CliOptions {
    private CliOptions() {
    }

    static boolean isJson(String text) {
        return text.stripLeading().startsWith("{");
    }

    static JsonNode json(String text) {
        try {
            return QmpJson.read(text);
        } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
            throw QmpError.generic("JSON parse error, premature EOI"); // QEMU's words for input cut short
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw QmpError.generic("JSON parse error, " + e.getOriginalMessage());
        }
    }

    /**
     * An option value as a tree: JSON, or key=value whose first item may leave out its key
     * ({@code nbd,id=e0} for {@code type=nbd,id=e0}) when {@code impliedKey} is given.
     */
    static JsonNode tree(String text, String impliedKey) {
        if (isJson(text)) return json(text);
        int comma = text.indexOf(',');
        String first = comma < 0 ? text : text.substring(0, comma);
        if (impliedKey == null || first.contains("=") || first.isEmpty()) return Keyval.parse(text);
        String rest = comma < 0 ? "" : text.substring(comma + 1);
        ObjectNode o = Keyval.parse(impliedKey + "=" + first.replace(",", ",,") + (rest.isEmpty() ? "" : "," + rest));
        return o;
    }

    /**
     * A -device value: JSON, or {@code MODEL,key=value,...} whose first item is the driver.
     * Values stay strings; the device checks them.
     */
    static ObjectNode device(String text) {
        if (isJson(text)) {
            JsonNode n = json(text);
            if (!n.isObject()) throw QmpError.generic("Invalid parameter type for 'null', expected: object");
            return (ObjectNode) n;
        }
        int comma = text.indexOf(',');
        String first = comma < 0 ? text : text.substring(0, comma);
        if (first.contains("=")) return Keyval.parse(text);
        ObjectNode o = comma < 0 ? QmpJson.MAPPER.createObjectNode() : Keyval.parse(text.substring(comma + 1));
        o.put("driver", first);
        return o;
    }
}
